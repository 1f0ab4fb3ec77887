// The hardened main window: isolated, sandboxed, no Node, no navigation, no new windows, no permissions.
import path from 'node:path';
import { BrowserWindow, session } from 'electron';
import { APP_ORIGIN } from './ipc-guard';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'ともに Tomoni',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
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
