// The one write path: effects and the upload-queue row commit together or not at all.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/core/ids';
import { DATABASE_FILE } from '../../../src-main/app/services';
import { openTestApp } from '../../helpers/app';

const admin = (staffId: string) => ({ role: 'admin' as const, staffId, workerId: null });

describe('command bus', () => {
  it('writes the change and its queue row in one transaction, numbered per device', async () => {
    const t = openTestApp();
    await t.must('setup.initialize', {
      operatorName: '立科町',
      siteName: '立科',
      siteCode: 'TATESHINA',
      deviceKind: 'center',
      admin: { loginId: 'admin', familyName: '丸山', givenName: '健', password: 'correct-horse' },
    });
    const { sqlite } = t.app.services.store;
    const before = sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
    const staffId = sqlite.prepare("SELECT id FROM staff WHERE login_id = 'admin'").pluck().get() as string;
    const siteId = newId();
    t.app.services.bus.execute('people.upsertSite', { id: siteId, code: 'S2', name: '第二', kind: 'center', active: true }, admin(staffId));
    const rows = sqlite.prepare('SELECT seq, name, hlc FROM outbox ORDER BY seq').all() as { seq: number; name: string; hlc: string }[];
    expect(rows).toHaveLength(before + 1);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.at(-1)!.name).toBe('people.upsertSite');
    // HLCs increase with seq.
    expect([...rows.map((r) => r.hlc)].sort()).toEqual(rows.map((r) => r.hlc));
    expect(sqlite.prepare('SELECT name FROM sites WHERE id = ?').pluck().get(siteId)).toBe('第二');
    t.close();
  });

  it('writes nothing when the rule rejects the command', async () => {
    const t = openTestApp({ demo: true });
    const { sqlite } = t.app.services.store;
    const staffId = sqlite.prepare("SELECT id FROM staff WHERE login_id = 'admin'").pluck().get() as string;
    const queued = sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get();
    const workers = sqlite.prepare('SELECT COUNT(*) FROM workers').pluck().get();
    const input = {
      id: newId(),
      code: 'W0001', // taken by a demo worker
      familyName: '山田',
      givenName: '花子',
      familyNameKana: 'ヤマダ',
      givenNameKana: 'ハナコ',
      role: 'worker',
      homeSiteId: null,
      skillIt: 'A',
      skillBusiness: 'A',
      invoiceNumber: null,
      active: true,
    };
    expect(() => t.app.services.bus.execute('people.upsertWorker', input, admin(staffId))).toThrow(/rejected/);
    expect(sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(queued);
    expect(sqlite.prepare('SELECT COUNT(*) FROM workers').pluck().get()).toBe(workers);
    t.close();
  });

  it('refuses a role the command does not allow, and never reuses a seq after the queue drains', async () => {
    const t = openTestApp({ demo: true });
    const { sqlite } = t.app.services.store;
    expect(() =>
      t.app.services.bus.execute('people.upsertSite', { id: newId(), code: 'X', name: 'X', kind: 'center', active: true }, {
        role: 'worker',
        staffId: null,
        workerId: null,
      }),
    ).toThrow(/forbidden/);
    const last = sqlite.prepare('SELECT MAX(seq) FROM outbox').pluck().get() as number;
    sqlite.exec('DELETE FROM outbox'); // as if HQ acknowledged everything
    const staffId = sqlite.prepare("SELECT id FROM staff WHERE login_id = 'admin'").pluck().get() as string;
    const result = t.app.services.bus.execute('people.upsertSite', { id: newId(), code: 'Y', name: 'Y', kind: 'center', active: true }, admin(staffId));
    expect(result.seq).toBe(last + 1);
    t.close();
  });

  it('keeps the last committed state when the process dies mid-write (WAL)', async () => {
    const t = openTestApp({ demo: true });
    const file = path.join(t.dataDir, DATABASE_FILE);
    const { sqlite } = t.app.services.store;
    const committed = sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get();
    // An open write transaction that never commits, as when the process is killed mid-punch.
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.prepare("INSERT INTO outbox (seq, id, name, args, actor, hlc, device_time, effects) VALUES (999999, 'x', 'x', '{}', '{}', 'x', 0, '[]')").run();
    const other = new Database(file, { readonly: true });
    expect(other.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(committed);
    other.close();
    sqlite.exec('ROLLBACK');
    t.close();
  });
});
