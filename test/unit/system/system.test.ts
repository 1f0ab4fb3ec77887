import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';
import { createApp } from '../../../src-main/app/services';
import { loadDemo } from '../../../src-main/app/demo';
import { keyFileSource } from '../../../src-main/store/database-key';
import { openTestApp, TestClock, tempDir } from '../../helpers/app';

describe('audit log and device report', () => {
  it('records sign-ins and shows them newest first, to administrators only', async () => {
    const t = openTestApp({ demo: true });
    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const director = await t.must('auth.login', { loginId: 'director', password: DEMO_PASSWORD });
    const log = await t.must('system.auditLog', { limit: 10 }, admin.token);
    expect(log.rows[0]).toMatchObject({ action: 'auth.login', actorName: '百瀬 純', actorType: 'staff' });
    expect(log.rows[1]).toMatchObject({ action: 'auth.login', actorName: '上條 彩' });
    expect(log.total).toBeGreaterThanOrEqual(3);
    expect(await t.call('system.auditLog', {}, director.token)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const filtered = await t.must('system.auditLog', { action: 'setup.initialize' }, admin.token);
    expect(filtered.rows).toHaveLength(1);
    t.close();
  });

  it('reports whether the database is encrypted at rest', async () => {
    const dataDir = tempDir();
    const app = createApp({ dataDir, clock: new TestClock(), databaseKey: keyFileSource(dataDir, null) });
    loadDemo(app.services);
    const session = await app.router.call('auth.login', { loginId: 'admin', password: DEMO_PASSWORD }, null);
    const token = session.ok ? (session.value as { token: string }).token : null;
    const report = await app.router.call('system.device', {}, token);
    expect(report).toMatchObject({ ok: true, value: { encryptedAtRest: true, kind: 'center' } });
    app.close();
    const plain = openTestApp({ demo: true });
    const admin = await plain.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    expect((await plain.must('system.device', {}, admin.token)).encryptedAtRest).toBe(false);
    plain.close();
  });
});
