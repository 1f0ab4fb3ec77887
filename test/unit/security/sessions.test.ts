// Attack suite, sessions and sign-in (issue 10, reproduction 7): a staff session left open on a shared center PC
// locks after the PC's idle time; failed sign-ins, lockouts and unlocks reach the append-only audit log; staff
// passwords cannot be a PIN in disguise.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';
import { newId } from '../../../src-shared/core/ids';
import { openAttendanceApp } from '../attendance/helpers';
import type { TestApp } from '../../helpers/app';

const MIN = 60_000;

function audits(t: TestApp, action: string): { actor_type: string; actor_id: string | null; target_id: string | null; details: string }[] {
  return t.app.services.store.sqlite.prepare('SELECT actor_type, actor_id, target_id, details FROM audit_log WHERE action = ? ORDER BY at, hlc').all(action) as never;
}

describe('idle lock', () => {
  it('a staff session locks after the default 10 idle minutes, and the lock is audited', async () => {
    const t = openAttendanceApp();
    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    expect((await t.must('app.status', {})).idleLockMinutes).toBe(10);
    t.clock.advance(9 * MIN);
    expect(await t.must('auth.me', {}, admin.token)).toMatchObject({ role: 'admin' });
    t.clock.advance(10 * MIN + 1);
    expect(await t.must('auth.me', {}, admin.token)).toBeNull();
    // What is left is the anonymous kiosk.
    expect(await t.call('people.listStaff', {}, admin.token)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Recorded by the PC itself: the locked person no longer signs anything (decision 0072).
    expect(audits(t, 'auth.idleLocked')).toEqual([expect.objectContaining({ actor_type: 'device', actor_id: null, target_id: admin.staffId })]);
    t.close();
  }, 60_000);

  it('the idle time is a setting of this PC, kept across restarts, changed by an administrator only and audited', async () => {
    const t = openAttendanceApp();
    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const manager = await t.must('auth.login', { loginId: 'manager', password: DEMO_PASSWORD });
    expect(await t.call('system.saveSettings', { idleLockMinutes: 3 }, manager.token)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.call('system.saveSettings', { idleLockMinutes: 0 }, admin.token)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await t.must('system.saveSettings', { idleLockMinutes: 3 }, admin.token)).toEqual({ idleLockMinutes: 3 });
    expect(JSON.parse(fs.readFileSync(path.join(t.dataDir, 'device-settings.json'), 'utf8'))).toEqual({ idleLockMinutes: 3 });
    expect(audits(t, 'system.settings')).toHaveLength(1);
    expect((await t.must('app.status', {})).idleLockMinutes).toBe(3);
    t.clock.advance(3 * MIN + 1);
    expect(await t.must('auth.me', {}, admin.token)).toBeNull();
    t.close();
  }, 60_000);

  it('the screen locking itself is audited as a lock, not a sign-out', async () => {
    const t = openAttendanceApp();
    const director = await t.must('auth.login', { loginId: 'director', password: DEMO_PASSWORD });
    await t.must('auth.logout', { reason: 'idle' }, director.token);
    expect(audits(t, 'auth.idleLocked')).toHaveLength(1);
    expect(await t.must('auth.me', {}, director.token)).toBeNull();
    t.close();
  }, 60_000);
});

describe('failed sign-ins, lockouts and unlocks are audited', () => {
  it('staff password: each failure, the lockout and the unlock', async () => {
    const t = openAttendanceApp();
    for (let i = 0; i < 4; i++) {
      expect(await t.call('auth.login', { loginId: 'director', password: 'not-the-password' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    expect(await t.call('auth.login', { loginId: 'director', password: 'not-the-password' })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    expect(await t.call('auth.login', { loginId: 'director', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    const failed = audits(t, 'auth.failed');
    expect(failed).toHaveLength(5);
    expect(JSON.parse(failed[0]!.details)).toEqual({ kind: 'password', loginId: 'director' });
    expect(failed[0]!.actor_type).toBe('device');
    expect(audits(t, 'auth.lockedOut')).toHaveLength(1);
    // Unknown login ids are recorded too: someone is guessing.
    await t.call('auth.login', { loginId: 'nobody', password: 'x' });
    expect(audits(t, 'auth.failed').at(-1)).toMatchObject({ target_id: null });

    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const locked = await t.must('system.lockouts', {}, admin.token);
    expect(locked).toEqual([expect.objectContaining({ subjectType: 'staff', label: 'director', name: expect.any(String) })]);
    await t.must('system.unlock', { subjectType: 'staff', key: 'director' }, admin.token);
    expect(audits(t, 'auth.unlocked')).toEqual([expect.objectContaining({ actor_id: admin.staffId, target_id: 'director' })]);
    expect(await t.call('system.unlock', { subjectType: 'staff', key: 'director' }, admin.token)).toMatchObject({ ok: false, error: { messageKey: 'system.errors.notLocked' } });
    expect(await t.call('auth.login', { loginId: 'director', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
    t.close();
  }, 60_000);

  it('worker PIN at the kiosk: failures, lockout, unlock by a manager', async () => {
    const t = openAttendanceApp();
    const tile = await t.must('kiosk.identify', { code: 'W0012' });
    for (let i = 0; i < 5; i++) await t.call('kiosk.verifyPin', { workerId: tile.id, pin: '9999' });
    expect(await t.call('kiosk.verifyPin', { workerId: tile.id, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    expect(audits(t, 'auth.failed').filter((a) => a.target_id === tile.id)).toHaveLength(5);
    expect(audits(t, 'auth.lockedOut')).toEqual([expect.objectContaining({ target_id: tile.id })]);
    const manager = await t.must('auth.login', { loginId: 'manager', password: DEMO_PASSWORD });
    const [locked] = await t.must('system.lockouts', {}, manager.token);
    expect(locked).toMatchObject({ subjectType: 'worker', id: tile.id, label: 'W0012' });
    await t.must('system.unlock', { subjectType: 'worker', key: tile.id }, manager.token);
    expect(audits(t, 'auth.unlocked')).toHaveLength(1);
    expect(await t.call('kiosk.verifyPin', { workerId: tile.id, pin: '1234' })).toMatchObject({ ok: true });
    t.close();
  }, 60_000);
});

describe('staff password policy', () => {
  it('refuses short passwords, PINs in disguise, repeats and the login id, with translated reasons', async () => {
    const t = openAttendanceApp();
    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const person = { id: newId(), loginId: 'suzuki', familyName: '鈴木', givenName: '花', role: 'backoffice' as const, siteId: null, active: true };
    const reason = async (password: string) => {
      const result = await t.call('people.saveStaff', { ...person, password }, admin.token);
      return result.ok ? null : result.error.issues?.find((i) => i.path === 'password')?.messageKey;
    };
    expect(await reason('short-pw')).toBe('validation.passwordLength');
    expect(await reason('0123456789')).toBe('validation.passwordDigits');
    expect(await reason('０１２３４５６７８９')).toBe('validation.passwordDigits');
    expect(await reason('abababababab')).toBe('validation.passwordWeak');
    expect(await reason('SUZUKI')).toBe('validation.passwordLength');
    expect(await reason('suzuki.suzuki')).toBeNull();
    expect(await t.call('people.saveStaff', { ...person, loginId: 'suzuki-hana', password: 'Suzuki-Hana' }, admin.token)).toMatchObject({
      ok: false,
      error: { issues: [expect.objectContaining({ path: 'password', messageKey: 'validation.passwordIsLoginId' })] },
    });
    t.close();
  }, 60_000);
});
