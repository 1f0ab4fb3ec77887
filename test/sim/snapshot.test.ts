// Snapshot of a new center PC (decision 0052): a long history at HQ arrives in many small pages through the snapshot
// path (chunked membership, cheap row checks). A kill in the middle resumes to exactly HQ's rows and checksums, a
// local write made meanwhile survives, and a malformed page is refused whole and changes nothing.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src-main/app/services';
import { enrollWithCode } from '../../src-main/sync/join';
import { syncAgentOf } from '../../src-main/sync/runtime';
import { inProcessTransport, type SyncTransport } from '../../src-main/sync/transport';
import { formatHlc } from '../../src-shared/core/hlc';
import { newId } from '../../src-shared/core/ids';
import { addToChecksum, rowHashV2 } from '../../src-shared/sync/checksum';
import { createEnrollmentCode } from '../../src-server/admin/enrollment';
import { TestClock, tempDir } from '../helpers/app';
import { Sim, type SimDevice } from './harness';

const HISTORY = 1_250;
const PAGE = 100;

let sim: Sim | null = null;
const opened: { app: App; dir: string }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    o.app.close();
    fs.rmSync(o.dir, { recursive: true, force: true });
  }
  await sim?.close();
  sim = null;
});

/** Years of audit lines written straight into HQ's store, as the bench does (the push path is tested elsewhere). */
async function seedHistory(s: Sim): Promise<void> {
  const bucket = `op:${s.operatorId}`;
  await s.hq.db.tx(async (q) => {
    const [{ last_cursor }] = await q.all<{ last_cursor: number }>('SELECT last_cursor FROM operators_state WHERE operator_id = ?', [s.operatorId]);
    let cursor = Number(last_cursor);
    let sum = 0;
    for (let i = 0; i < HISTORY; i++) {
      const at = s.hqClock.now() - (HISTORY - i) * 60_000;
      const row = {
        id: newId(),
        operatorId: s.operatorId,
        at,
        actorType: 'worker',
        actorId: `W${i % 30}`,
        action: 'entry.keyRecord',
        targetId: null,
        details: { slipNo: `S${i}`, category: '交通費' },
        deviceId: 'history',
        hlc: formatHlc({ wallMs: at, counter: 0, node: 'history00001' }),
      };
      const data = JSON.stringify(row);
      await q.run('INSERT INTO entities (operator_id, tbl, id, data, hlc, field_hlc) VALUES (?, ?, ?, ?, ?, NULL)', [s.operatorId, 'auditLog', row.id, data, row.hlc]);
      await q.run('INSERT INTO changes (operator_id, bucket, tbl, id, cursor, deleted, origin, echo) VALUES (?, ?, ?, ?, ?, 0, NULL, 0)', [s.operatorId, bucket, 'auditLog', row.id, ++cursor]);
      sum = addToChecksum(sum, rowHashV2('auditLog', row.id, row.hlc, data));
    }
    await q.run('UPDATE operators_state SET last_cursor = ? WHERE operator_id = ?', [cursor, s.operatorId]);
    await q.run('UPDATE bucket_state SET cursor = ?, checksum = (checksum + ?) % 4294967296, count = count + ? WHERE operator_id = ? AND bucket = ?', [cursor, sum, HISTORY, s.operatorId, bucket]);
  });
}

/** A new center PC of site A with small pull pages, talking to HQ through `wrap` around the in-process transport. */
function newCenterPc(s: Sim, dir: string, wrap: (base: SyncTransport) => SyncTransport): App {
  const base = inProcessTransport(s.hq.app);
  const app = createApp({
    dataDir: dir,
    clock: new TestClock(s.hqClock.now()),
    sync: { autoStart: false, transportFor: () => wrap(base), vault: { seal: (x) => x, unseal: (x) => x }, engine: { pullLimit: PAGE } },
  });
  opened.push({ app, dir });
  return app;
}

async function enroll(s: Sim, app: App): Promise<void> {
  const { code } = await createEnrollmentCode(s.hq.db, { operatorId: s.operatorId, kind: 'center', siteId: s.siteA, workerId: null, ttlMinutes: 60 }, s.hqClock.now());
  const transport = inProcessTransport(s.hq.app);
  await enrollWithCode({ store: app.services.store, clock: new TestClock(s.hqClock.now()), appVersion: '0.1.0', vault: { seal: (x) => x, unseal: (x) => x }, transport }, 'http://hq.sim', code);
}

/** Fails every pull from the `n`-th on (1-based), like a link that dies or a process killed while waiting. */
function failingFrom(n: number): (base: SyncTransport) => SyncTransport {
  let pulls = 0;
  return (base) => async (req) => {
    if (req.path.endsWith('/pull') && ++pulls >= n) throw new Error('killed');
    return base(req);
  };
}

/** HQ's rows and per-bucket checkpoints for this device, and the device's own view of both. */
async function expectExactlyHqs(s: Sim, app: App): Promise<void> {
  const d = { app } as SimDevice;
  const expected = await s.expectedRows(d);
  const local = s.localRows(d);
  expect([...local.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, row] of expected) expect(s.normalize(key.split('/')[0], local.get(key)!), key).toBe(s.normalize(key.split('/')[0], row));
  const { sqlite } = app.services.store;
  const deviceBuckets = sqlite.prepare('SELECT bucket, checksum, count FROM sync_buckets ORDER BY bucket').all() as { bucket: string; checksum: number; count: number }[];
  const hqBuckets = await s.hq.db.all<{ bucket: string; checksum: number; count: number }>('SELECT bucket, checksum, count FROM bucket_state WHERE operator_id = ?', [s.operatorId]);
  const hqByBucket = new Map(hqBuckets.map((b) => [b.bucket, b]));
  expect(deviceBuckets.length).toBeGreaterThan(0);
  for (const b of deviceBuckets) {
    const hq = hqByBucket.get(b.bucket) ?? { checksum: 0, count: 0 };
    expect({ bucket: b.bucket, checksum: b.checksum, count: b.count }).toEqual({ bucket: b.bucket, checksum: Number(hq.checksum), count: Number(hq.count) });
    expect(sqlite.prepare('SELECT COUNT(*) FROM sync_members WHERE bucket = ?').pluck().get(b.bucket), `${b.bucket} members`).toBe(Number(hq.count));
  }
  // The pull's larger WAL checkpoint interval does not outlive it: later local writes checkpoint as usual.
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
}

const auditCount = (app: App) => app.services.store.sqlite.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;

describe('snapshot of a new center PC', () => {
  it('killed in the middle, resumes to exactly HQ’s rows and checksums, keeping a local write made meanwhile', async () => {
    sim = await Sim.create();
    await seedHistory(sim);
    const dir = tempDir('tomoni-sim-snapshot-');
    const first = newCenterPc(sim, dir, failingFrom(6));
    await enroll(sim, first);
    await syncAgentOf(first.services).runOnce();
    // Some pages landed, not all: the snapshot really was cut in the middle.
    const partial = auditCount(first);
    expect(partial).toBeGreaterThan(PAGE);
    expect(partial).toBeLessThan(HISTORY);
    expect(syncAgentOf(first.services).status().lastErrorCode).toBe('network');

    // kill -9: closed without goodbye, opened again on the same files with a working link.
    first.close();
    opened.splice(opened.findIndex((o) => o.app === first), 1);
    const again = newCenterPc(sim, dir, (base) => base);
    const admin = { role: 'admin' as const, staffId: sim.adminId, workerId: null };
    // The admin is signed in on it (their credential may not have arrived yet: the key comes from their session).
    const d0 = sim.all()[0];
    if (!d0.app.services.sessions.keyFor(sim.adminId)) sim.signIn(d0);
    again.services.sessions.holdKey(sim.adminId, d0.app.services.sessions.keyFor(sim.adminId)!);
    const localId = newId();
    again.services.bus.execute('audit.record', { id: localId, action: 'during.snapshot', targetId: null, details: { note: '途中' } }, admin);
    // What the sync screen shows meanwhile: rows received out of the rows HQ holds for the buckets being filled.
    const shown: { rowsHeld: number | null; rowsExpected: number | null }[] = [];
    const off = again.subscribe((m) => {
      const progress = m.name === 'sync.status' ? (m.payload as { progress?: { phase: string; rowsHeld: number | null; rowsExpected: number | null } | null }).progress : null;
      if (progress?.phase === 'pull') shown.push({ rowsHeld: progress.rowsHeld, rowsExpected: progress.rowsExpected });
    });
    await syncAgentOf(again.services).runOnce();
    off();
    // It starts where the cut snapshot stopped, grows page by page and ends with every row HQ holds.
    expect(shown.length).toBeGreaterThan(1);
    expect(shown[0].rowsExpected).toBeGreaterThan(HISTORY);
    expect(shown[0].rowsHeld).toBeGreaterThan(partial - 1);
    expect(shown.map((p) => p.rowsHeld)).toEqual([...shown.map((p) => p.rowsHeld)].sort((a, b) => a! - b!));
    expect(shown.at(-1)!.rowsHeld).toBe(shown.at(-1)!.rowsExpected);
    expect(syncAgentOf(again.services).status().lastErrorCode).toBeNull();
    expect(syncAgentOf(again.services).status().queued).toBe(0);
    expect(auditCount(again)).toBeGreaterThan(HISTORY);
    expect(again.services.store.sqlite.prepare('SELECT action FROM audit_log WHERE id = ?').pluck().get(localId)).toBe('during.snapshot');
    await expectExactlyHqs(sim, again);
  });

  it('refuses a snapshot page with one malformed row whole, changes nothing, then converges', async () => {
    sim = await Sim.create();
    await seedHistory(sim);
    const dir = tempDir('tomoni-sim-snapshot-bad-');
    let corrupt = true;
    const app = newCenterPc(sim, dir, (base) => async (req) => {
      const res = await base(req);
      if (!corrupt || !req.path.endsWith('/pull')) return res;
      corrupt = false;
      // One row in the middle of the first page gets a numeric id: valid JSON, wrong shape.
      const body = JSON.parse(Buffer.from(res.body).toString('utf8')) as { pages: { rows: { id: unknown }[] }[] };
      const rows = body.pages[0].rows;
      expect(rows.length).toBe(PAGE);
      rows[PAGE / 2].id = 42;
      return { ...res, body: new Uint8Array(Buffer.from(JSON.stringify(body))) };
    });
    await enroll(sim, app);
    const { sqlite } = app.services.store;
    const before = { audit: auditCount(app), buckets: sqlite.prepare('SELECT * FROM sync_buckets').all(), members: sqlite.prepare('SELECT COUNT(*) FROM sync_members').pluck().get() };
    await syncAgentOf(app.services).runOnce();
    expect(syncAgentOf(app.services).status().lastErrorCode).toBe('malformed_response');
    expect({ audit: auditCount(app), buckets: sqlite.prepare('SELECT * FROM sync_buckets').all(), members: sqlite.prepare('SELECT COUNT(*) FROM sync_members').pluck().get() }).toEqual(before);

    await syncAgentOf(app.services).runOnce();
    await expectExactlyHqs(sim, app);
  });
});
