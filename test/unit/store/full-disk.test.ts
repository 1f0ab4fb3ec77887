// A full disk: the save fails with a clear, translated error and changes nothing (simulated with max_page_count,
// which makes SQLite report SQLITE_FULL exactly as a full disk does).
import { describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/core/ids';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';
import { openTestApp } from '../../helpers/app';

describe('full disk', () => {
  it('answers storage_full and leaves the data and the queue as they were', async () => {
    const t = openTestApp({ demo: true });
    const { sqlite } = t.app.services.store;
    const session = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    const queued = sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get();
    sqlite.pragma(`max_page_count = ${pages}`);
    const result = await t.call(
      'people.saveJob',
      {
        id: newId(),
        code: 'BIG-1',
        name: 'x'.repeat(100),
        clientName: 'y'.repeat(100),
        kind: 'other',
        restriction: 'home_allowed',
        status: 'active',
        startDate: null,
        dueDate: null,
      },
      session.token,
    );
    // Fill until the database really is full, then check the last refusal.
    let last = result;
    for (let i = 0; last.ok && i < 500; i++) {
      last = await t.call('people.saveJob', { id: newId(), code: `BIG-${i + 2}`, name: 'x'.repeat(100), clientName: 'y'.repeat(100), kind: 'other', restriction: 'home_allowed', status: 'active', startDate: null, dueDate: null }, session.token);
    }
    expect(last).toMatchObject({ ok: false, error: { code: 'storage_full', messageKey: 'errors.storageFull' } });
    const jobsAfter = sqlite.prepare('SELECT COUNT(*) FROM jobs').pluck().get() as number;
    const queuedAfter = sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
    // Every job that was acknowledged has its queue row; the refused one has neither.
    expect(queuedAfter - (queued as number)).toBe(jobsAfter - 3);
    t.close();
  });
});
