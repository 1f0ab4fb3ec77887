// The hardened main window: isolated, sandboxed, no Node, no navigation, no new windows, no permissions.
import path from 'node:path';
import { BrowserWindow, session } from 'electron';
import type { WindowMode } from '../desktop/window-mode';
import { APP_ORIGIN } from './ipc-guard';

/** Sent as a header with every file of the renderer as well as in index.html's meta tag. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function createMainWindow(preloadPath: string, mode: WindowMode): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'ともに Tomoni',
    show: false,
    kiosk: mode.kiosk,
    fullscreen: mode.kiosk,
    autoHideMenuBar: !mode.menu,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: mode.devTools,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  return win;
}

export function rendererEntry(): string {
  return `${APP_ORIGIN}/index.html`;
}

export function rendererDir(appRoot: string): string {
  return path.join(appRoot, 'dist-renderer');
}
