// electron-updater against the generic feed of the HQ this device is attached to. The decisions (feed, rollout,
// when a kiosk installs) live in ../desktop/update-policy.ts; offline, a check fails quietly and nothing changes.
import { installNow, inRollout, updateFeedUrl } from '../desktop/update-policy';
import type { Logger } from '../logging/logger';

export interface UpdaterDeps {
  deviceId: () => string | null;
  hqUrl: () => string | null;
  kiosk: () => boolean;
  clockedIn: () => number;
  log: Logger;
}

const CHECK_EVERY_MS = 60 * 60 * 1000;
const INSTALL_CHECK_EVERY_MS = 10 * 60 * 1000;

export async function startUpdates(deps: UpdaterDeps): Promise<() => void> {
  // electron-updater calls app.getVersion() on import: reach it only once the app is ready (ENVIRONMENT.md).
  const { autoUpdater } = await import('electron-updater');
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
    const feed = updateFeedUrl(deps.hqUrl());
    if (!feed || downloaded) return;
    try {
      autoUpdater.setFeedURL({ provider: 'generic', url: feed });
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
