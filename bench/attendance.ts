// Local write path: a clock-in through the API router into a committed transaction (with its upload-queue row),
// against a bare better-sqlite3 one-row insert in its own transaction with the same pragmas, in one run (BENCH.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId } from '../src-shared/core/ids';
import { createApp, type App } from '../src-main/app/services';
import { initializeDevice } from '../src-main/app/setup';
import { applyPragmas, openSqlite } from '../src-main/store/open';
import { keyFileSource } from '../src-main/store/database-key';
import { percentile, type BenchModule, type Figure } from './types';

const WORKERS = 10;
const WARMUP = 200;
const REPS = 2000;

/** A center PC with ten workers (PIN 1234) and one job, made through the real commands. */
function centerApp(dir: string): { app: App; codes: string[]; jobId: string } {
  // The app's real settings: encrypted at rest, WAL, synchronous=FULL.
  const app = createApp({ dataDir: dir, databaseKey: keyFileSource(dir, null) });
  const setup = initializeDevice(app.services, {
    operatorName: 'ベンチ',
    siteName: '塩尻',
    siteCode: 'BENCH',
    deviceKind: 'center',
    admin: { loginId: 'admin', familyName: '上條', givenName: '彩', password: 'bench-password' },
  });
  const admin = { role: 'admin' as const, staffId: setup.adminId, workerId: null };
  const codes: string[] = [];
  for (let i = 0; i < WORKERS; i++) {
    const code = `B${String(i).padStart(3, '0')}`;
    codes.push(code);
    app.services.bus.execute(
      'people.upsertWorker',
      { id: newId(), code, familyName: '試験', givenName: `${i}`, familyNameKana: '', givenNameKana: '', role: 'worker', homeSiteId: setup.siteId, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true },
      admin,
    );
  }
  const jobId = newId();
  app.services.bus.execute(
    'people.upsertJob',
    { id: jobId, code: 'JOB', name: 'ベンチ案件', clientName: '', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null },
    admin,
  );
  return { app, codes, jobId };
}

export const attendanceBench: BenchModule = {
  name: 'attendance',
  async run(): Promise<Figure[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-attendance-'));
    try {
      const { app, codes, jobId } = centerApp(path.join(dir, 'app'));
      // Workers sign in once (scrypt runs here, not in the loop) and then punch through the router, alternating
      // clock-in and clock-out so every call is a legal transition. This is the same command path the kiosk uses
      // after its PIN ticket is verified.
      const { hashSecret } = await import('../src-main/auth/secrets');
      const pinHash = hashSecret('1234');
      const workers = app.services.store.sqlite.prepare('SELECT id, code FROM workers ORDER BY code').all() as { id: string; code: string }[];
      const adminId = app.services.store.sqlite.prepare("SELECT id FROM staff WHERE login_id = 'admin'").pluck().get() as string;
      for (const w of workers) {
        app.services.bus.execute('people.setCredential', { id: w.id, subjectType: 'worker', kind: 'pin', hash: pinHash }, { role: 'admin', staffId: adminId, workerId: null });
      }
      const tokens: string[] = [];
      for (const code of codes) {
        const r = await app.router.call('auth.workerLogin', { code, pin: '1234' }, null);
        if (!r.ok) throw new Error(`login failed: ${JSON.stringify(r.error)}`);
        tokens.push((r.value as { token: string }).token);
      }

      // Same library, same cipher and key, same pragmas: the ratio is our overhead, not the disk's or the cipher's.
      const bare = openSqlite(path.join(dir, 'bare.sqlite'), { key: keyFileSource(path.join(dir, 'app'), null).keyFor(path.join(dir, 'app', 'tomoni.sqlite')) });
      applyPragmas(bare);
      bare.exec('CREATE TABLE rows (id TEXT PRIMARY KEY, worker_id TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL)');
      const insert = bare.prepare('INSERT INTO rows (id, worker_id, kind, at) VALUES (?, ?, ?, ?)');
      const bareInsert = bare.transaction((id: string) => insert.run(id, 'w', 'in', Date.now()));

      const state = tokens.map(() => 'out');
      const clockIn: number[] = [];
      const bareTimes: number[] = [];
      let failures = 0;
      // Side by side: each round times one bare insert and one punch, so machine noise hits both alike.
      for (let i = 0; i < (WARMUP + REPS) * 2; i++) {
        const w = i % tokens.length;
        const action = state[w] === 'out' ? 'in' : 'out';
        let t0 = performance.now();
        bareInsert.immediate(newId());
        const bareMs = performance.now() - t0;
        t0 = performance.now();
        const r = await app.router.call('attendance.myPunch', { action, jobId: action === 'in' ? jobId : null }, tokens[w]);
        const punchMs = performance.now() - t0;
        if (!r.ok) failures++;
        state[w] = action === 'in' ? 'in' : 'out';
        if (i < WARMUP * 2) continue;
        bareTimes.push(bareMs);
        if (action === 'in') clockIn.push(punchMs);
      }
      if (failures > 0) throw new Error(`${failures} punches failed`);
      bare.close();
      app.close();

      clockIn.sort((a, b) => a - b);
      bareTimes.sort((a, b) => a - b);
      const p50 = percentile(clockIn, 50);
      const bare50 = percentile(bareTimes, 50);
      const note = 'router → rule → effects + outbox row, WAL synchronous=FULL';
      return [
        { name: 'clockIn.p50_ms', value: p50, unit: 'ms', reps: clockIn.length, note },
        { name: 'clockIn.p99_ms', value: percentile(clockIn, 99), unit: 'ms', reps: clockIn.length, note },
        { name: 'bareInsert.p50_ms', value: bare50, unit: 'ms', reps: bareTimes.length, note: 'one row, own transaction, same pragmas' },
        { name: 'bareInsert.p99_ms', value: percentile(bareTimes, 99), unit: 'ms', reps: bareTimes.length },
        { name: 'clockIn.ratio_vs_bare_insert', value: p50 / bare50, unit: 'ratio', reps: clockIn.length, note: 'goal ≤ 3' },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
