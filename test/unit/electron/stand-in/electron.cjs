// A stand-in for the `electron` module (no Electron binary can be had here): the parts main and preload use,
// each recording what it was asked in `record`, so a test can see what the built main did at start-up.
'use strict';
const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');

const record = { calls: [], windows: [], handlers: new Map(), exposed: null, protocolHandlers: new Map(), blockers: new Set(), dialogs: [] };
const call = (name, ...args) => record.calls.push({ name, args: JSON.parse(JSON.stringify(args ?? null)) });
const env = process.env;

class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = env.STANDIN_PACKAGED === '1';
    this.paths = { userData: env.STANDIN_USER_DATA, appData: path.dirname(env.STANDIN_USER_DATA), temp: env.STANDIN_USER_DATA };
    this.commandLine = { appendSwitch: (...a) => call('app.commandLine.appendSwitch', ...a) };
  }
  getPath(name) { return this.paths[name] ?? path.join(env.STANDIN_USER_DATA, name); }
  setPath(name, value) { call('app.setPath', name, value); this.paths[name] = value; }
  getAppPath() { return env.STANDIN_APP_PATH; }
  getVersion() { return '0.1.0'; }
  getName() { return 'Tomoni'; }
  getLocale() { return 'ja'; }
  requestSingleInstanceLock() { return true; }
  whenReady() { return Promise.resolve(); }
  isReady() { return true; }
  quit() { call('app.quit'); }
  exit(code) { call('app.exit', code); }
  relaunch() { call('app.relaunch'); }
  setLoginItemSettings(settings) { call('app.setLoginItemSettings', settings); }
  setAppUserModelId(id) { call('app.setAppUserModelId', id); }
}
const app = new App();

class WebContents extends EventEmitter {
  constructor(win) {
    super();
    this.win = win;
    this.mainFrame = { url: 'app://tomoni/index.html' };
    this.sent = [];
    this.id = record.windows.length + 1;
  }
  send(channel, message) { this.sent.push({ channel, message }); }
  setWindowOpenHandler(handler) { this.windowOpenHandler = handler; }
  loadURL(url) { return this.win.loadURL(url); }
  reload() { call('webContents.reload'); }
  openDevTools() { call('webContents.openDevTools'); }
  isDestroyed() { return false; }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.kiosk = Boolean(options.kiosk);
    this.loaded = [];
    this.destroyed = false;
    this.webContents = new WebContents(this);
    record.windows.push(this);
    call('BrowserWindow', options);
  }
  async loadURL(url) { this.loaded.push(url); this.webContents.mainFrame.url = url; call('BrowserWindow.loadURL', url); }
  show() { call('BrowserWindow.show'); }
  focus() {}
  restore() {}
  isMinimized() { return false; }
  isDestroyed() { return this.destroyed; }
  isKiosk() { return this.kiosk; }
  setKiosk(flag) { this.kiosk = flag; call('BrowserWindow.setKiosk', flag); }
  setFullScreen(flag) { call('BrowserWindow.setFullScreen', flag); }
  setMenuBarVisibility(flag) { call('BrowserWindow.setMenuBarVisibility', flag); }
  /** Like Electron: 'close' may be prevented; otherwise the window goes and 'closed' follows. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed');
    if (record.windows.every((w) => w.destroyed)) app.emit('window-all-closed');
  }
  static getAllWindows() { return record.windows.filter((w) => !w.destroyed); }
}

const ipcMain = {
  handle(channel, fn) { if (record.handlers.has(channel)) throw new Error(`second handler for ${channel}`); record.handlers.set(channel, fn); call('ipcMain.handle', channel); },
  removeHandler(channel) { record.handlers.delete(channel); },
  on(channel) { call('ipcMain.on', channel); },
};

/** The renderer side of the stand-in: invoke reaches main's handler with an event from the window's main frame. */
const ipcRenderer = {
  invoke(channel, payload) {
    const handler = record.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`no handler for ${channel}`));
    const wc = record.windows[0].webContents;
    const frame = env.STANDIN_FOREIGN_FRAME === '1' ? { url: 'https://evil.example/' } : wc.mainFrame;
    return Promise.resolve(handler({ sender: wc, senderFrame: frame }, payload));
  },
  on() {},
  removeListener() {},
};
const contextBridge = { exposeInMainWorld(key, api) { record.exposed = { key, api }; } };

const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`sealed:${s}`),
  decryptString: (b) => Buffer.from(b).toString().replace(/^sealed:/, ''),
};

const protocol = {
  registerSchemesAsPrivileged(schemes) { call('protocol.registerSchemesAsPrivileged', schemes); },
  handle(scheme, fn) { record.protocolHandlers.set(scheme, fn); call('protocol.handle', scheme); },
};

const net = {
  async fetch(url) {
    const file = decodeURIComponent(new URL(url).pathname);
    return new Response(fs.readFileSync(file), { status: 200, headers: { 'Content-Type': file.endsWith('.html') ? 'text/html' : 'application/octet-stream' } });
  },
  isOnline: () => false,
};

let nextBlocker = 1;
const powerSaveBlocker = {
  start(type) { const id = nextBlocker++; record.blockers.add(id); call('powerSaveBlocker.start', type); return id; },
  stop(id) { record.blockers.delete(id); call('powerSaveBlocker.stop', id); },
  isStarted: (id) => record.blockers.has(id),
};

const dialog = {
  showErrorBox(title, content) { record.dialogs.push({ kind: 'error', title, content }); },
  async showMessageBox(_win, options) { record.dialogs.push({ kind: 'message', ...options }); return { response: Number(env.STANDIN_DIALOG_RESPONSE ?? 1) }; },
};

const permissionHandlers = [];
const defaultSession = {
  setPermissionRequestHandler(fn) { permissionHandlers.push(fn); call('session.setPermissionRequestHandler'); },
  setPermissionCheckHandler() { call('session.setPermissionCheckHandler'); },
  setCertificateVerifyProc() { call('session.setCertificateVerifyProc'); },
  webRequest: { onHeadersReceived() { call('session.webRequest.onHeadersReceived'); } },
};

module.exports = {
  record,
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  safeStorage,
  protocol,
  net,
  powerMonitor: new EventEmitter(),
  powerSaveBlocker,
  Menu: { setApplicationMenu(menu) { call('Menu.setApplicationMenu', menu); }, buildFromTemplate: (t) => t },
  dialog,
  session: { defaultSession, fromPartition: () => defaultSession },
  screen: { getPrimaryDisplay: () => ({ workAreaSize: { width: 1920, height: 1080 } }) },
  shell: { openExternal() { call('shell.openExternal'); } },
};
