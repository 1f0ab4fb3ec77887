// Initial sync (BENCH.md): a new center PC receives a snapshot of ~1,000,000 rows of its buckets from HQ over loopback
// HTTP, compared with a bare bulk insert of the same rows into the same tables of a fresh store — both encrypted, with
// the app's pragmas. The snapshot is the demo operator scaled up (bench/snapshot-fixture.ts): many tables, the
// operator, site and job buckets, several pages each. HQ runs as its own process (`npm run hq`), as it does in
// production on another machine: its CPU is not the new PC's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDemo } from '../src-main/app/demo';
import { createApp } from '../src-main/app/services';
import { systemClock } from '../src-main/store/clock';
import { keyFileSource } from '../src-main/store/database-key';
import { applyPragmas, openSqlite } from '../src-main/store/open';
import { HqClient } from '../src-main/sync/hq-client';
import { attachToHq, enrollWithCode } from '../src-main/sync/join';
import { syncAgentOf } from '../src-main/sync/runtime';
import { httpTransport } from '../src-main/sync/transport';
import { plainVault } from '../src-main/sync/vault';
import { createCodeResponse, paths } from '../src-shared/sync/protocol';
import { startHqProcess, type HqProcess } from '../test/helpers/hq-process';
import { bareInserts, scaleOperator, snapshotRows, type Snapshot } from './snapshot-fixture';
import type { Figure } from './types';

const ROWS = Number(process.env.TOMONI_BENCH_INITIAL_ROWS ?? 1_000_000);
const REPS = 3;

/** The demo operator's first center PC, encrypted as `serve` keeps it, attached to HQ; its sync brings the demo to HQ. */
async function demoAtHq(dataDir: string, hq: HqProcess): Promise<{ operatorId: string; siteId: string }> {
  const app = createApp({ dataDir, databaseKey: keyFileSource(dataDir, null), sync: { autoStart: false } });
  try {
    loadDemo(app.services, 'center');
    await attachToHq({ store: app.services.store, clock: systemClock, appVersion: '0.1.0', vault: plainVault, transport: httpTransport(hq.url) }, hq.url, hq.bootstrapCode);
    const agent = syncAgentOf(app.services);
    await agent.runOnce();
    const status = agent.status();
    if (status.queued !== 0 || status.lastErrorCode) throw new Error(`the demo did not reach HQ: ${JSON.stringify({ ...status, rejections: status.rejections.length })}`);
    return app.services.store.sqlite.prepare('SELECT operator_id AS operatorId, site_id AS siteId FROM device_info').get() as { operatorId: string; siteId: string };
  } finally {
    app.close();
  }
}

export async function initialSyncFigure(): Promise<Figure> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-initial-'));
  const hq = await startHqProcess(path.join(dir, 'hq'));
  try {
    let t = performance.now();
    const { operatorId, siteId } = await demoAtHq(path.join(dir, 'first'), hq);
    process.stdout.write(`  the demo operator reached HQ in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    t = performance.now();
    const hqFile = path.join(dir, 'hq', 'hq.sqlite');
    const snapshot = await scaleOperator(hqFile, operatorId, siteId, ROWS);
    process.stdout.write(`  scaled to ${snapshot.rows} rows for a new PC in ${((performance.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(snapshot.byTable)}\n`);

    // Side by side, REPS times: a brand-new PC takes the snapshot, then the same rows go bare into a fresh store.
    const runs: { sync: number; bare: number }[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const sync = await syncNewPc(path.join(dir, `new-pc-${rep}`), hq, operatorId, siteId, snapshot);
      runs.push({ sync, bare: bareInsert(path.join(dir, `bare-${rep}`), hqFile, operatorId, siteId, snapshot) });
      process.stdout.write(`  run ${rep + 1}: ${runs[rep].sync.toFixed(1)} s sync, ${runs[rep].bare.toFixed(1)} s bare\n`);
    }
    runs.sort((x, y) => x.sync / x.bare - y.sync / y.bare);
    const mid = runs[Math.floor(runs.length / 2)];
    const tables = Object.keys(snapshot.byTable).length;
    return {
      name: 'initialSync.ratio_vs_bare_insert',
      value: mid.sync / mid.bare,
      unit: 'ratio',
      reps: REPS,
      note:
        `${snapshot.rows.toLocaleString('en')} rows of ${tables} tables in ${snapshot.buckets} buckets (the demo operator scaled up), encrypted store; ` +
        `median run: ${mid.sync.toFixed(1)} s over loopback (HQ in its own process) vs ${mid.bare.toFixed(1)} s bare; runs ${runs.map((r) => (r.sync / r.bare).toFixed(2)).join(' ')}; goal ≤ 3`,
    };
  } finally {
    await hq.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds for a brand-new center PC of the site, enrolled with a fresh code, to take its whole snapshot from HQ. */
async function syncNewPc(dataDir: string, hq: HqProcess, operatorId: string, siteId: string, snapshot: Snapshot): Promise<number> {
  const { value } = await new HqClient(httpTransport(hq.url), { appVersion: '0.1.0', schemaVersion: 1 }, systemClock).post(
    paths.adminCodes,
    { operatorId, kind: 'center', siteId, workerId: null, ttlMinutes: 60 },
    createCodeResponse,
    { authorization: `Bearer ${hq.adminToken}` },
  );
  const app = createApp({ dataDir, databaseKey: keyFileSource(dataDir, null), sync: { autoStart: false } });
  try {
    await enrollWithCode({ store: app.services.store, clock: systemClock, appVersion: '0.1.0', vault: plainVault, transport: httpTransport(hq.url) }, hq.url, value.code);
    const t0 = performance.now();
    await syncAgentOf(app.services).runOnce();
    const seconds = (performance.now() - t0) / 1000;
    const held = app.services.store.sqlite.prepare('SELECT COUNT(*) FROM (SELECT DISTINCT tbl, row_id FROM sync_members)').pluck().get() as number;
    const status = syncAgentOf(app.services).status();
    if (held < snapshot.rows || status.lastErrorCode) throw new Error(`initial sync incomplete: ${held} of ${snapshot.rows} rows, ${JSON.stringify({ ...status, rejections: status.rejections.length })}`);
    return seconds;
  } finally {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Seconds for the same rows into the same tables of a fresh encrypted app store, under the app's pragmas: prepared
 * INSERTs in one transaction. The rows are read from HQ and bound outside the timed sections, chunk by chunk.
 */
function bareInsert(dataDir: string, hqFile: string, operatorId: string, siteId: string, snapshot: Snapshot): number {
  const key = keyFileSource(dataDir, null);
  const file = path.join(dataDir, 'tomoni.sqlite');
  createApp({ dataDir, databaseKey: key, sync: { autoStart: false } }).close();
  const bare = openSqlite(file, { key: key.keyFor(file) });
  try {
    applyPragmas(bare);
    const bind = bareInserts(bare);
    let seconds = 0;
    let rows = 0;
    bare.exec('BEGIN');
    for (const chunk of snapshotRows(hqFile, operatorId, siteId)) {
      const statements = bind(chunk);
      const t = performance.now();
      for (const [stmt, values] of statements) stmt.run(values);
      seconds += (performance.now() - t) / 1000;
      rows += statements.length;
    }
    const t = performance.now();
    bare.exec('COMMIT');
    seconds += (performance.now() - t) / 1000;
    if (rows < snapshot.rows) throw new Error(`bare insert wrote ${rows} of ${snapshot.rows} rows`);
    return seconds;
  } finally {
    bare.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
