// The router validates input, checks roles before handlers run, and answers in a typed envelope.
import { describe, expect, it } from 'vitest';
import { openTestApp } from '../../helpers/app';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';

describe('router', () => {
  it('rejects unknown procedures and malformed input with translated codes, changing nothing', async () => {
    const t = openTestApp();
    expect(await t.call('nope.nothing' as 'app.status', {})).toMatchObject({ ok: false, error: { code: 'unknown_procedure' } });
    const bad = await t.call('setup.initialize', {
      operatorName: '',
      siteName: 'x',
      siteCode: 'bad code!',
      deviceKind: 'center',
      admin: { loginId: 'a', familyName: 'x', givenName: 'y', password: 'short' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      const paths = bad.error.issues!.map((i) => i.path).sort();
      expect(paths).toEqual(['admin.loginId', 'admin.password', 'operatorName', 'siteCode']);
      expect(bad.error.issues!.find((i) => i.path === 'admin.password')!.messageKey).toBe('validation.passwordLength');
    }
    expect((await t.must('app.status', {})).setupDone).toBe(false);
    t.close();
  });

  it('checks the role before the handler runs', async () => {
    const t = openTestApp({ demo: true });
    const worker = await t.must('auth.workerLogin', { code: 'W0002', pin: '1234' });
    const result = await t.call('people.listStaff', {}, worker.token);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const staff = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    expect((await t.must('people.listStaff', {}, staff.token)).length).toBeGreaterThan(1);
    t.close();
  });

  it('locks a worker out after five wrong PINs, even across a restart', async () => {
    const t = openTestApp({ demo: true });
    for (let i = 0; i < 4; i++) {
      expect(await t.call('auth.workerLogin', { code: 'W0003', pin: '9999' })).toMatchObject({ ok: false, error: { messageKey: 'errors.badPin' } });
    }
    expect(await t.call('auth.workerLogin', { code: 'W0003', pin: '9999' })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    t.close();
    const again = openTestApp({ dataDir: t.dataDir, clock: t.clock });
    expect(await again.call('auth.workerLogin', { code: 'W0003', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    again.clock.advance(6 * 60 * 1000);
    expect((await again.call('auth.workerLogin', { code: 'W0003', pin: '1234' })).ok).toBe(true);
    again.close();
  });
});
