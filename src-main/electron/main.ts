// Electron main: single instance, migrations before any window, hardened window, IPC bound to the router.
// Everything else lives in plain-Node modules that are tested without Electron.
import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, ipcMain, Menu, protocol, net, powerMonitor, safeStorage } from 'electron';
import { safeStorageVault } from '../sync/vault';
import { keyFileSource, type KeyWrapper } from '../store/database-key';
import { keychainStatus } from '../store/keychain';
import { scheduleBackups } from '../store/backup';
import { createTranslator } from '../../src-shared/i18n/translate';
import { AppError } from '../../src-shared/core/errors';
import { createApp, type App } from '../app/services';
import { addLogSink, createLogger } from '../logging/logger';
import { openLogFile } from '../logging/log-file';
import { deviceKind, readDevice } from '../app/device';
import { clockedInCount } from '../desktop/update-facts';
import { localDataDir } from '../desktop/data-dir';
import { windowModeFor } from '../desktop/window-mode';
import { installProcessGuards } from '../logging/process-guard';
import { callEnvelope, isTrustedSender } from './ipc-guard';
import { superviseWindow } from './host-window';
import { startUpdates } from './updater';
import { CONTENT_SECURITY_POLICY, createMainWindow, rendererDir, rendererEntry } from './window';

const log = createLogger('electron');
installProcessGuards(createLogger('process'));

const safeStorageWrapper: KeyWrapper = {
  encrypt: (plain) => safeStorage.encryptString(plain.toString('hex')),
  decrypt: (wrapped) => Buffer.from(safeStorage.decryptString(wrapped), 'hex'),
};

// Before anything reads it: data in the local app-data folder on Windows, not the roaming one (decision 0086).
app.setPath('userData', localDataDir(process.platform, process.env, app.getPath('userData')));

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

function appRoot(): string {
  return app.isPackaged ? app.getAppPath() : path.resolve(__dirname, '../..');
}

const translator = () => createTranslator(app.getLocale().startsWith('ja') ? 'ja' : 'en');

function showFatal(err: unknown): void {
  const t = translator();
  const payload = err instanceof AppError ? err.payload : null;
  const key = payload?.messageKey.startsWith('fatal.') ? payload.messageKey : payload?.code === 'storage_full' ? 'fatal.storageFull' : 'fatal.unknown';
  log.error('fatal start-up error', { error: err instanceof Error ? err.stack : String(err) });
  dialog.showErrorBox(t.t('fatal.title'), t.t(key, payload?.params));
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  // A Windows GUI app has no stderr anyone reads: every logger also writes the rotating file a clerk can send.
  const logFile = openLogFile(dataDir);
  addLogSink((line) => logFile.write(line));
  log.info('starting', { version: app.getVersion(), packaged: app.isPackaged, dataDir });
  let tomoni: App;
  try {
    const migrationsFolder = app.isPackaged ? path.join(process.resourcesPath, 'migrations') : path.join(appRoot(), 'migrations');
    // Personal data at rest is encrypted; the key is wrapped by the OS keychain through safeStorage — and when there
    // is no real keychain, that weaker mode is reported (system screen, audit log), never silent.
    const keychain = keychainStatus(safeStorage, process.platform);
    const databaseKey = keyFileSource(dataDir, keychain.wrap ? safeStorageWrapper : null, { weakReason: keychain.weakReason ?? undefined });
    // The device's HQ credential is sealed with the OS keychain as well.
    tomoni = createApp({ dataDir, appVersion: app.getVersion(), migrationsFolder, databaseKey, sync: { vault: safeStorageVault(safeStorage) } });
  } catch (err) {
    showFatal(err);
    app.exit(1);
    return;
  }

  const stopBackups = scheduleBackups(tomoni.services.store, path.join(dataDir, 'backups'), tomoni.services.clock);
  const mode = () => windowModeFor({ isPackaged: app.isPackaged, deviceKind: deviceKind(tomoni.services.store) });
  // No default menu (Reload, Toggle Developer Tools) in what ships.
  if (!mode().menu) Menu.setApplicationMenu(null);
  const staticDir = rendererDir(appRoot());
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = path.normalize(path.join(staticDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(staticDir) || !fs.existsSync(file)) return new Response('not found', { status: 404 });
    const response = await net.fetch(`file://${file}`);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });

  ipcMain.handle('tomoni:call', async (event, raw: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame)) {
      log.warn('IPC from untrusted frame refused', { url: event.senderFrame?.url });
      return { ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } };
    }
    const envelope = callEnvelope.safeParse(raw);
    if (!envelope.success) return { ok: false, error: { code: 'invalid_input', messageKey: 'errors.invalidInput' } };
    return tomoni.router.call(envelope.data.name, envelope.data.input, envelope.data.token);
  });

  const win = createMainWindow(path.join(__dirname, 'preload.cjs'), mode());
  const t = translator();
  const host = superviseWindow(win, {
    mode,
    entry: rendererEntry(),
    t: (key) => t.t(key),
    sessionRole: (token) => tomoni.services.sessions.get(token),
    log,
  });
  const unsubscribe = tomoni.subscribe((message) => {
    if (!win.isDestroyed()) win.webContents.send('tomoni:event', message);
    // Setting up a center PC turns the window into the kiosk without a restart.
    if (message.name === 'data.changed') host.refresh();
  });
  await win.loadURL(rendererEntry());
  // A laptop waking up often has its link back: sync at once rather than at the next timer tick.
  powerMonitor.on('resume', () => tomoni.syncAgent.networkUp());
  powerMonitor.on('unlock-screen', () => tomoni.syncAgent.networkUp());

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    unsubscribe();
    host.dispose();
    stopBackups();
    tomoni.close();
    app.quit();
  });

  // Updates come from the attached HQ's feed (decision 0085); before enrollment or offline nothing happens.
  if (app.isPackaged) {
    const stopUpdates = await startUpdates({
      deviceId: () => readDevice(tomoni.services.store)?.deviceId ?? null,
      access: () => tomoni.syncAgent.updateAccess(),
      kiosk: () => mode().kiosk,
      clockedIn: () => clockedInCount(tomoni.services.store, Date.now()),
      log,
    });
    app.on('before-quit', stopUpdates);
  }
}
