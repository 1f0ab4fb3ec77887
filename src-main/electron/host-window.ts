// Keeps the window fit for a day at a center PC: kiosk mode and leaving it, the display kept awake, start at login,
// a calm reload after a renderer crash, and closing only after a person confirms. Decisions: ../desktop/.
import { app, dialog, ipcMain, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { Role } from '../../src-shared/core/roles';
import { createCrashPolicy, recoveredEntry } from '../desktop/crash-policy';
import { mayLeaveKiosk, type WindowMode } from '../desktop/window-mode';
import type { Logger } from '../logging/logger';
import { isTrustedSender } from './ipc-guard';

export interface HostDeps {
  mode: () => WindowMode;
  entry: string;
  t: (key: string) => string;
  sessionRole: (token: string | null) => { role: Role } | null;
  log: Logger;
}

export function superviseWindow(win: BrowserWindow, deps: HostDeps): { refresh(): void; dispose(): void } {
  let blocker: number | null = null;
  let leftKiosk = false;
  let closeConfirmed = false;
  const crashes = createCrashPolicy();

  const apply = () => {
    const mode = deps.mode();
    const kiosk = mode.kiosk && !leftKiosk;
    if (win.isKiosk() !== kiosk) win.setKiosk(kiosk);
    if (kiosk && mode.keepAwake && blocker === null) blocker = powerSaveBlocker.start('prevent-display-sleep');
    if (!kiosk && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
    if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: mode.startAtLogin });
  };

  win.webContents.on('render-process-gone', (_event, details) => {
    const action = crashes.onRendererGone(details.reason);
    deps.log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode, action });
    if (action === 'reload') void win.loadURL(recoveredEntry(deps.entry));
    if (action === 'give-up') dialog.showErrorBox(deps.t('desktop.rendererGaveUpTitle'), deps.t('desktop.rendererGaveUp'));
  });

  win.on('close', (event) => {
    if (!deps.mode().confirmClose || closeConfirmed) return;
    event.preventDefault();
    if (deps.mode().kiosk && !leftKiosk) {
      void dialog.showMessageBox(win, { type: 'info', message: deps.t('desktop.kioskClose'), buttons: ['OK'] });
      return;
    }
    void dialog
      .showMessageBox(win, {
        type: 'question',
        message: deps.t('desktop.closeTitle'),
        detail: deps.t('desktop.closeDetail'),
        buttons: [deps.t('desktop.closeConfirm'), deps.t('desktop.closeCancel')],
        defaultId: 1,
        cancelId: 1,
      })
      .then(({ response }) => {
        if (response !== 0) return;
        closeConfirmed = true;
        win.close();
      });
  });

  ipcMain.handle('tomoni:leave-kiosk', (event, raw: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame)) return { ok: false };
    const token = typeof raw === 'object' && raw !== null && typeof (raw as { token?: unknown }).token === 'string' ? (raw as { token: string }).token : null;
    if (!mayLeaveKiosk(deps.sessionRole(token))) {
      deps.log.warn('leaving the kiosk refused: no staff session');
      return { ok: false };
    }
    leftKiosk = true;
    deps.log.info('kiosk left by staff');
    apply();
    return { ok: true };
  });

  apply();
  return {
    refresh: apply,
    dispose: () => {
      ipcMain.removeHandler('tomoni:leave-kiosk');
      if (blocker !== null) powerSaveBlocker.stop(blocker);
    },
  };
}
