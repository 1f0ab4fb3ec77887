// The desktop host's decisions, without Electron: kiosk on packaged center PCs only, who may leave it, crash reloads
// that stop before they become a loop, and the local (not roaming) data folder on Windows.
import { describe, expect, it } from 'vitest';
import { createCrashPolicy, recoveredEntry } from '../../../src-main/desktop/crash-policy';
import { localDataDir } from '../../../src-main/desktop/data-dir';
import { mayLeaveKiosk, windowModeFor } from '../../../src-main/desktop/window-mode';

describe('window mode', () => {
  it('is a kiosk only in a packaged build on a center PC; production has no menu or devtools', () => {
    expect(windowModeFor({ isPackaged: true, deviceKind: 'center' })).toEqual({
      kiosk: true,
      devTools: false,
      menu: false,
      startAtLogin: true,
      keepAwake: true,
      confirmClose: true,
    });
    expect(windowModeFor({ isPackaged: true, deviceKind: 'loaned' })).toMatchObject({ kiosk: false, devTools: false, menu: false, startAtLogin: false });
    expect(windowModeFor({ isPackaged: true, deviceKind: null }).kiosk).toBe(false);
    expect(windowModeFor({ isPackaged: false, deviceKind: 'center' })).toMatchObject({ kiosk: false, devTools: true, menu: true, confirmClose: false });
  });

  it('lets only signed-in staff leave the kiosk', () => {
    expect(mayLeaveKiosk({ role: 'admin' })).toBe(true);
    expect(mayLeaveKiosk({ role: 'manager' })).toBe(true);
    expect(mayLeaveKiosk({ role: 'leader' })).toBe(false);
    expect(mayLeaveKiosk({ role: 'worker' })).toBe(false);
    expect(mayLeaveKiosk({ role: 'kiosk' })).toBe(false);
    expect(mayLeaveKiosk(null)).toBe(false);
  });
});

describe('renderer crash policy', () => {
  it('reloads calmly, ignores clean exits, and gives up after repeated crashes in ten minutes', () => {
    let now = 0;
    const policy = createCrashPolicy(() => now);
    expect(policy.onRendererGone('clean-exit')).toBe('ignore');
    expect(['crashed', 'oom', 'killed'].map((r) => policy.onRendererGone(r))).toEqual(['reload', 'reload', 'reload']);
    expect(policy.onRendererGone('crashed')).toBe('give-up');
    now += 11 * 60 * 1000;
    expect(policy.onRendererGone('crashed')).toBe('reload');
    expect(recoveredEntry('app://tomoni/index.html')).toBe('app://tomoni/index.html?recovered=1');
  });
});

describe('data folder', () => {
  it('uses %LOCALAPPDATA% on Windows and Electron’s default elsewhere', () => {
    expect(localDataDir('win32', { LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'C:\\Users\\a\\AppData\\Roaming\\Tomoni')).toBe('C:\\Users\\a\\AppData\\Local\\Tomoni');
    expect(localDataDir('win32', {}, 'C:\\Roaming\\Tomoni')).toBe('C:\\Roaming\\Tomoni');
    expect(localDataDir('linux', { LOCALAPPDATA: 'x' }, '/home/a/.config/Tomoni')).toBe('/home/a/.config/Tomoni');
  });
});
