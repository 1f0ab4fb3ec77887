// Loads the built main (and preload) under plain Node with the stand-in `electron`, runs a scenario, and prints
// one JSON report on stdout for the test. Usage: node run-main.cjs <scenario> (env STANDIN_* set by the test).
'use strict';
const Module = require('node:module');
const path = require('node:path');

const standIn = path.join(__dirname, 'electron.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return standIn;
  return resolve.call(this, request, ...rest);
};
const electron = require(standIn);
const { record } = electron;
const mainFile = process.env.STANDIN_MAIN;
// Electron sets this for a packaged app (where extraResources such as migrations live).
process.resourcesPath = process.env.STANDIN_RESOURCES;
const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check, what) {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await settle(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function main() {
  const scenario = process.argv[2];
  require(mainFile);
  await waitFor(() => record.windows.length > 0 && record.windows[0].loaded.length > 0, 'the window to load');
  require(path.join(path.dirname(mainFile), 'preload.cjs'));
  const api = record.exposed.api;
  const win = record.windows[0];
  const report = { scenario, exposedAs: record.exposed.key, windowOptions: win.options, loaded: win.loaded };

  const html = await record.protocolHandlers.get('app')(new Request('app://tomoni/index.html'));
  report.indexHtml = { status: html.status, csp: html.headers.get('content-security-policy') };
  const escape = await record.protocolHandlers.get('app')(new Request('app://tomoni/..%2f..%2fpackage.json'));
  report.escapeStatus = escape.status;

  report.status = await api.call('app.status', {}, null);
  if (scenario === 'setup-center') {
    report.setup = await api.call(
      'setup.initialize',
      { operatorName: 'テスト事業者', siteName: '本町センター', siteCode: 'HON', deviceKind: 'center', admin: { loginId: 'admin', familyName: '山田', givenName: '花子', password: 'correct horse battery' } },
      null,
    );
    report.badInput = await api.call('setup.initialize', { deviceKind: 'spaceship' }, null);
  }
  if (scenario === 'kiosk') {
    report.kioskAtStart = win.isKiosk();
    win.close();
    await settle();
    report.closedWhileKiosk = win.isDestroyed();
    report.refusedLeave = await api.leaveKiosk('not-a-token');
    const login = await api.call('auth.login', { loginId: 'admin', password: 'correct horse battery' }, null);
    report.login = login.ok;
    report.left = await api.leaveKiosk(login.ok ? login.value.token : '');
    report.kioskAfterLeave = win.isKiosk();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await settle();
    report.loadedAfterCrash = win.loaded.at(-1);
    win.close();
    await settle();
    report.closedAfterConfirm = win.isDestroyed();
  }
  if (scenario === 'foreign-frame') {
    process.env.STANDIN_FOREIGN_FRAME = '1';
    report.foreign = await api.call('app.status', {}, null);
  }
  report.calls = record.calls;
  report.dialogs = record.dialogs;
  report.handlers = [...record.handlers.keys()];
  report.blockersActive = record.blockers.size;
  process.stdout.write(`\nREPORT ${JSON.stringify(report)}\n`);
  // The log file is written asynchronously; the app's timers (sync, backups) would keep Node alive.
  await settle(300);
  process.exit(0);
}

main().catch((err) => {
  process.stdout.write(`\nFAILED ${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
