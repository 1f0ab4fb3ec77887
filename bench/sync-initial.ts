// Initial sync (BENCH.md): a new center PC receives a 1,000,000-row snapshot of its buckets from HQ over loopback
// HTTP, compared with a bare bulk insert of the same rows into SQLite under the app's pragmas. HQ runs as its own
// process (`npm run hq`), as it does in production on another machine: its CPU is not the new PC's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../src-main/app/services';
import { applyPragmas } from '../src-main/store/open';
import { systemClock } from '../src-main/store/clock';
import { enrollWithCode } from '../src-main/sync/join';
import { syncAgentOf } from '../src-main/sync/runtime';
import { httpTransport } from '../src-main/sync/transport';
import { plainVault } from '../src-main/sync/vault';
import { newId } from '../src-shared/core/ids';
import { formatHlc } from '../src-shared/core/hlc';
import { addToChecksum, rowHashV2 } from '../src-shared/sync/checksum';
import { createCodeResponse, paths } from '../src-shared/sync/protocol';
import { HqClient } from '../src-main/sync/hq-client';
import { startHqProcess, type HqProcess } from '../test/helpers/hq-process';
import { attachedDevice } from './sync-fixtures';
import type { Figure } from './types';

const ROWS = Number(process.env.TOMONI_BENCH_INITIAL_ROWS ?? 1_000_000);
const REPS = 3;

export async function initialSyncFigure(): Promise<Figure> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-initial-'));
  const hq = await startHqProcess(path.join(dir, 'hq'));
  const first = await attachedDevice(path.join(dir, 'first'), hq);
  try {
    await syncAgentOf(first.app.services).runOnce();
    const operatorId = first.app.services.store.sqlite.prepare('SELECT operator_id FROM device_info').pluck().get() as string;
    const siteId = first.app.services.store.sqlite.prepare('SELECT site_id FROM device_info').pluck().get() as string;
    // A long history already at HQ: written straight into HQ's store (the ingest path is measured elsewhere).
    const hqDb = new Database(path.join(dir, 'hq', 'hq.sqlite'));
    const start = Date.now() - 3 * 365 * 86_400_000;
    // Generated on the fly (not held in memory) so the device's garbage collector is not measured on our fixtures.
    function* history(): Generator<Record<string, unknown>> {
      for (let i = 0; i < ROWS; i++) {
      const at = start + i * 90_000;
      yield {
        id: newId(),
        operatorId,
        at,
        actorType: 'worker',
        actorId: `W${String(i % 300).padStart(4, '0')}`,
        action: 'entry.keyRecord',
        targetId: null,
        details: { slipNo: `S${100000 + i}`, amount: (i * 7727) % 50000, category: '交通費' },
        deviceId: 'history',
        hlc: formatHlc({ wallMs: at, counter: 0, node: 'history00001' }),
      };
      }
    }
    hqDb.transaction(() => {
      const cursor0 = Number(hqDb.prepare('SELECT last_cursor FROM operators_state WHERE operator_id = ?').pluck().get(operatorId));
      const ent = hqDb.prepare('INSERT INTO entities (operator_id, tbl, id, data, hlc, field_hlc) VALUES (?, ?, ?, ?, ?, NULL)');
      const chg = hqDb.prepare('INSERT INTO changes (operator_id, bucket, tbl, id, cursor, deleted, origin, echo) VALUES (?, ?, ?, ?, ?, 0, NULL, 0)');
      let sum = 0;
      let cursor = cursor0;
      for (const r of history()) {
        const data = JSON.stringify(r);
        ent.run(operatorId, 'auditLog', r.id, data, r.hlc);
        chg.run(operatorId, `op:${operatorId}`, 'auditLog', r.id, ++cursor);
        sum = addToChecksum(sum, rowHashV2('auditLog', r.id as string, r.hlc as string, data));
      }
      hqDb.prepare('UPDATE operators_state SET last_cursor = ? WHERE operator_id = ?').run(cursor, operatorId);
      hqDb.prepare(`UPDATE bucket_state SET cursor = ?, checksum = (checksum + ?) % 4294967296, count = count + ? WHERE operator_id = ? AND bucket = ?`).run(cursor, sum, ROWS, operatorId, `op:${operatorId}`);
    })();
    hqDb.close();

    // Side by side, REPS times: a brand-new PC takes the snapshot, then the same rows go bare into a fresh store.
    const runs: { sync: number; bare: number }[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      runs.push({ sync: await syncNewPc(path.join(dir, `new-pc-${rep}`), hq, operatorId, siteId), bare: bareInsert(path.join(dir, `bare-${rep}`), history()) });
    }
    runs.sort((x, y) => x.sync / x.bare - y.sync / y.bare);
    const mid = runs[Math.floor(runs.length / 2)];
    return {
      name: 'initialSync.ratio_vs_bare_insert',
      value: mid.sync / mid.bare,
      unit: 'ratio',
      reps: REPS,
      note: `${ROWS} rows, median run: ${mid.sync.toFixed(1)} s over loopback (HQ in its own process) vs ${mid.bare.toFixed(1)} s bare; runs ${runs.map((r) => (r.sync / r.bare).toFixed(2)).join(' ')}; goal ≤ 3`,
    };
  } finally {
    first.app.close();
    await hq.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds for a brand-new center PC, enrolled with a fresh code, to take its whole snapshot from HQ. */
async function syncNewPc(dataDir: string, hq: HqProcess, operatorId: string, siteId: string): Promise<number> {
  const { value } = await new HqClient(httpTransport(hq.url), { appVersion: '0.1.0', schemaVersion: 1 }, systemClock).post(
    paths.adminCodes,
    { operatorId, kind: 'center', siteId, workerId: null, ttlMinutes: 60 },
    createCodeResponse,
    { authorization: `Bearer ${hq.adminToken}` },
  );
  const app = createApp({ dataDir, sync: { autoStart: false } });
  try {
    await enrollWithCode({ store: app.services.store, clock: systemClock, appVersion: '0.1.0', vault: plainVault, transport: httpTransport(hq.url) }, hq.url, value.code);
    const t0 = performance.now();
    await syncAgentOf(app.services).runOnce();
    const seconds = (performance.now() - t0) / 1000;
    const got = app.services.store.sqlite.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    const status = syncAgentOf(app.services).status();
    if (got < ROWS || status.lastErrorCode) throw new Error(`initial sync incomplete: ${got} rows, ${JSON.stringify(status)}`);
    return seconds;
  } finally {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Seconds for the same rows into the same table of a fresh app store: one prepared statement, one transaction. */
function bareInsert(dataDir: string, rows: Iterable<Record<string, unknown>>): number {
  createApp({ dataDir, sync: { autoStart: false } }).close();
  const bare = new Database(path.join(dataDir, 'tomoni.sqlite'));
  try {
    applyPragmas(bare);
    const ins = bare.prepare('INSERT INTO audit_log (id, operator_id, at, actor_type, actor_id, action, target_id, details, device_id, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const all = [...rows];
    const t1 = performance.now();
    bare.transaction(() => {
      for (const r of all) ins.run(r.id, r.operatorId, r.at, r.actorType, r.actorId, r.action, r.targetId, JSON.stringify(r.details), r.deviceId, r.hlc);
    })();
    return (performance.now() - t1) / 1000;
  } finally {
    bare.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
