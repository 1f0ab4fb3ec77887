// The built Electron main loads and starts under plain Node with a stand-in `electron` (no Electron binary can be
// had here): migrations run, IPC answers over the preload's bridge, the window is hardened, and on a packaged center
// PC it is a kiosk that stays up (no menu or devtools, display kept awake, start at login, calm crash reload,
// closing only after a staff sign-in and a confirmation).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-main-'));
const mainFile = path.join(outDir, 'dist-main/electron/main.cjs');
const runner = path.join(import.meta.dirname, 'stand-in/run-main.cjs');

interface Call {
  name: string;
  args: unknown[];
}
interface Report {
  [key: string]: unknown;
  windowOptions: { kiosk: boolean; webPreferences: Record<string, unknown> };
  calls: Call[];
  dialogs: { kind: string; message?: string }[];
  handlers: string[];
  blockersActive: number;
}

function runMain(scenario: string, userData: string, packaged: boolean, extraEnv: Record<string, string> = {}): Report {
  const result = spawnSync(process.execPath, [runner, scenario], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      TOMONI_LOG_LEVEL: 'warn',
      STANDIN_MAIN: mainFile,
      STANDIN_USER_DATA: userData,
      STANDIN_APP_PATH: outDir,
      STANDIN_RESOURCES: outDir,
      // The bundle sits outside the repository; its external packages come from the repository's node_modules.
      NODE_PATH: path.join(root, 'node_modules'),
      STANDIN_PACKAGED: packaged ? '1' : '0',
      ...extraEnv,
    },
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`main did not start:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice('REPORT '.length)) as Report;
}

const named = (report: Report, name: string) => report.calls.filter((c) => c.name === name);

beforeAll(() => {
  // The real build script, into a folder of its own (the bundle finds migrations relative to the repository root).
  execFileSync(process.execPath, ['-e', `import(${JSON.stringify(path.join(root, 'scripts/build-main.mjs'))}).then((m) => m.buildMain(${JSON.stringify(path.join(outDir, 'dist-main'))}))`], {
    cwd: root,
    stdio: 'pipe',
  });
  fs.symlinkSync(path.join(root, 'migrations'), path.join(outDir, 'migrations'));
  fs.mkdirSync(path.join(outDir, 'dist-renderer'), { recursive: true });
  fs.writeFileSync(path.join(outDir, 'dist-renderer/index.html'), '<!doctype html><title>t</title>');
}, 120_000);

describe('the built main under a stand-in electron', () => {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-userdata-'));

  it('starts: migrations, hardened window, IPC round trip through the preload bridge', () => {
    const report = runMain('setup-center', userData, false);
    expect(fs.existsSync(path.join(userData, 'tomoni.sqlite'))).toBe(true);
    expect(report.exposedAs).toBe('tomoni');
    expect(report.handlers).toEqual(expect.arrayContaining(['tomoni:call', 'tomoni:leave-kiosk']));
    expect(report.windowOptions.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(report.loaded).toEqual(['app://tomoni/index.html']);
    expect(report.indexHtml).toMatchObject({ status: 200, csp: expect.stringContaining("default-src 'none'") });
    expect(report.escapeStatus).toBe(404);
    // Migrations ran: the status procedure reads the schema version from the store.
    expect(report.status).toMatchObject({ ok: true, value: { setupDone: false, schemaVersion: expect.any(Number) } });
    expect((report.status as { value: { schemaVersion: number } }).value.schemaVersion).toBeGreaterThan(0);
    expect(report.setup).toMatchObject({ ok: true, value: { setupDone: true, device: { kind: 'center' } } });
    expect(report.badInput).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Development (`npm start`): menu and devtools stay, no kiosk.
    expect(named(report, 'Menu.setApplicationMenu')).toEqual([]);
    expect(report.windowOptions.kiosk).toBe(false);
    expect(report.windowOptions.webPreferences.devTools).toBe(true);
    expect(fs.existsSync(path.join(userData, 'logs/tomoni.log'))).toBe(true);
    expect(fs.readFileSync(path.join(userData, 'logs/tomoni.log'), 'utf8')).toContain('"msg":"starting"');
  });

  it('runs a packaged center PC as a kiosk that stays up all day', () => {
    const report = runMain('kiosk', userData, true);
    expect(report.windowOptions.kiosk).toBe(true);
    expect(report.windowOptions.webPreferences.devTools).toBe(false);
    expect(named(report, 'Menu.setApplicationMenu')).toEqual([{ name: 'Menu.setApplicationMenu', args: [null] }]);
    expect(named(report, 'app.setLoginItemSettings')[0]?.args).toEqual([{ openAtLogin: true }]);
    expect(named(report, 'powerSaveBlocker.start')[0]?.args).toEqual(['prevent-display-sleep']);
    expect(report.kioskAtStart).toBe(true);
    // Alt+F4 on the kiosk: refused, with a message that a staff member must sign in.
    expect(report.closedWhileKiosk).toBe(false);
    expect(report.dialogs[0]?.message).toContain('スタッフ');
    expect(report.refusedLeave).toEqual({ ok: false });
    expect(report.login).toBe(true);
    expect(report.left).toEqual({ ok: true });
    expect(report.kioskAfterLeave).toBe(false);
    expect(report.blockersActive).toBe(0);
    expect(report.loadedAfterCrash).toBe('app://tomoni/index.html?recovered=1');
    // The stand-in dialog answers "Cancel" (response 1): the window stays.
    expect(report.closedAfterConfirm).toBe(false);
    expect(report.dialogs.at(-1)?.message).toBe('ともにを終了しますか？');
  });

  it('refuses IPC from a frame that is not the app', () => {
    const report = runMain('foreign-frame', userData, false);
    expect(report.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
