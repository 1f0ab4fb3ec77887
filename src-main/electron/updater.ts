// electron-updater against the generic feed of the HQ this device is attached to. The decisions (feed, rollout,
// when a kiosk installs) live in ../desktop/update-policy.ts, how the feed is reached (credential, pinned certificate)
// in ../desktop/update-access.ts; offline, a check fails quietly and nothing changes.
import { certificateVerdict, type UpdateAccess } from '../desktop/update-access';
import { installNow, inRollout } from '../desktop/update-policy';
import type { Logger } from '../logging/logger';

export interface UpdaterDeps {
  deviceId: () => string | null;
  /** The feed, this device's credential and HQ's pin; null before enrollment or once revoked. */
  access: () => UpdateAccess | null;
  kiosk: () => boolean;
  clockedIn: () => number;
  log: Logger;
}

const CHECK_EVERY_MS = 60 * 60 * 1000;
const INSTALL_CHECK_EVERY_MS = 10 * 60 * 1000;

export async function startUpdates(deps: UpdaterDeps): Promise<() => void> {
  // electron-updater calls app.getVersion() on import: reach it only once the app is ready (ENVIRONMENT.md).
  const { autoUpdater } = await import('electron-updater');
  const { getNetSession } = await import('electron-updater/out/electronHttpExecutor');
  // electron-updater downloads through its own session: there HQ's host must show the pinned certificate.
  let access: UpdateAccess | null = null;
  getNetSession().setCertificateVerifyProc((request, verdict) => verdict(certificateVerdict(access, request.hostname, request.certificate.data)));
  autoUpdater.autoDownload = false;
  // A loaned PC installs when its user quits; a kiosk never quits, so installNow() decides for it.
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.isUserWithinRollout = (info) => inRollout(deps.deviceId() ?? '', info.version, info.stagingPercentage);
  let downloaded = false;
  autoUpdater.on('update-downloaded', (info) => {
    downloaded = true;
    deps.log.info('update downloaded', { version: info.version });
  });
  autoUpdater.on('error', (err) => deps.log.warn('update failed', { error: String(err) }));

  const check = async () => {
    access = deps.access();
    if (!access || downloaded) return;
    try {
      autoUpdater.setFeedURL({ provider: 'generic', url: access.feedUrl });
      // HQ serves the feed to enrolled devices only (decision 0103); the differential download sends these too.
      autoUpdater.requestHeaders = { authorization: access.authorization };
      const result = await autoUpdater.checkForUpdates();
      if (result?.isUpdateAvailable) await autoUpdater.downloadUpdate();
    } catch (err) {
      deps.log.info('update check skipped', { error: String(err) });
    }
  };
  const maybeInstall = () => {
    if (downloaded && installNow({ kiosk: deps.kiosk(), hour: new Date().getHours(), clockedIn: deps.clockedIn() })) {
      deps.log.info('installing update in the quiet hours');
      autoUpdater.quitAndInstall(true, true);
    }
  };
  void check();
  const checks = setInterval(() => void check(), CHECK_EVERY_MS);
  const installs = setInterval(maybeInstall, INSTALL_CHECK_EVERY_MS);
  return () => {
    clearInterval(checks);
    clearInterval(installs);
  };
}
