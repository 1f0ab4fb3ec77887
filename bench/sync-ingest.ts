// HQ ingest (BENCH.md): 200 devices push at once; commands applied per second ÷ rows per second of a bare batched
// insert of the same rows into the same database. The commands are real keyed records (`entry.keyRow`): HQ re-runs
// the rule (the unit, its batch and template, the keyer) for each. The devices belong to one operator (the embedded
// SQLite case, and the worst case for PostgreSQL: one operator's pushes apply in order) or are spread over several
// operators (a cooperative on PostgreSQL, whose operators apply side by side).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { App } from '../src-main/app/services';
import { systemClock } from '../src-main/store/clock';
import { HqClient } from '../src-main/sync/hq-client';
import { syncAgentOf } from '../src-main/sync/runtime';
import { httpTransport, inProcessTransport, type SyncTransport, type TransportRequest, type TransportResponse } from '../src-main/sync/transport';
import { formatHlc } from '../src-shared/core/hlc';
import { newId } from '../src-shared/core/ids';
import { credentialResponse, createCodeResponse, paths, pushResponse, type QueuedCommand } from '../src-shared/sync/protocol';
import { createHq } from '../src-server/hq';
import type { Param, SqlDb } from '../src-server/store/sql';
import { setUpCenter, type BenchCenter } from './center-fixture';
import { attachedDevice, quiet, serveHq, type RunningHq } from './sync-fixtures';
import type { Figure } from './types';

const DEVICES = 200;
const PER_DEVICE = Number(process.env.PER_DEVICE ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const identity = { appVersion: '0.1.0', schemaVersion: 1 };

/** One of the 200 pushing devices: a center PC of an operator's site, where one keyer works. */
interface BenchDevice {
  center: OperatorCenter;
  keyerId: string;
  credential: { deviceId: string; secret: string };
}

interface OperatorCenter {
  operatorId: string;
  center: BenchCenter;
}

export async function ingestFigure(dialect: 'sqlite' | 'postgres', options: { databaseUrl?: string; operators?: number; name?: string } = {}): Promise<Figure> {
  const operators = options.operators ?? 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-ingest-'));
  const hq = await serveHq(await createHq(options.databaseUrl ? { databaseUrl: options.databaseUrl, log: quiet } : { dataDir: path.join(dir, 'hq'), log: quiet }));
  const apps: App[] = [];
  try {
    const transport = inProcessTransport(hq.hq.app);
    const devices: BenchDevice[] = [];
    for (let o = 0; o < operators; o++) devices.push(...(await operatorWithDevices(hq, transport, path.join(dir, `operator-${o}`), o, DEVICES / operators, apps)));
    const hlcNode = 'benchbench01';
    let hlcCounter = 0;
    const keyed = (device: BenchDevice, seq: number): QueuedCommand => {
      const now = Date.now();
      const row = device.center.center.nextKeyedRow(device.keyerId, now);
      const id = (row.input as { id: string }).id;
      return { seq, name: row.name, args: row.input, actor: row.actor, hlc: formatHlc({ wallMs: now, counter: hlcCounter++ % 0xfffff, node: hlcNode }), touches: [{ tbl: 'entryKeyings', id }] };
    };
    await hq.hq.db.exec('CREATE TABLE bare_rows (operator_id TEXT NOT NULL, tbl TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (operator_id, tbl, id))');
    // Round 0 warms both paths up (JIT, caches, pool); each later round is measured side by side with its bare twin.
    const rounds: { pushed: number; bare: number; pushCpuUs: number; bareCpuUs: number }[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const batches = devices.map((device) => Array.from({ length: PER_DEVICE }, (_, i) => keyed(device, round * PER_DEVICE + i + 1)));
      // Each device builds and compresses its request on its own CPU: encoded before the clock starts, so the figure
      // is HQ's work (decompress, validate, authenticate, apply, commit, answer), not 200 simulated clients'.
      const requests = await Promise.all(devices.map((device, d) => encodedRequest(device.credential, { commands: batches[d] })));
      // Each measured phase starts with an empty SQLite WAL and ends by copying all it wrote into the database, so each
      // pays for its own checkpointing — all of it, wherever SQLite's automatic checkpoints happened to fall.
      await settle(hq.hq.db);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const responses = await Promise.all(requests.map((req) => transport(req)));
      await settle(hq.hq.db);
      const pushSeconds = (performance.now() - t0) / 1000;
      const pushCpu = cpuSeconds(c0);
      const applied = responses.reduce((n, res) => n + appliedIn(res), 0);
      if (applied !== DEVICES * PER_DEVICE) throw new Error(`ingest: ${applied} of ${DEVICES * PER_DEVICE} commands applied (${firstRefusal(responses)})`);

      // The bare baseline: the same rows (each keying as HQ stores it), batched per device, into a plain table.
      const rows = batches.map((b, d) => b.map((c) => bareRow(devices[d], c)));
      await settle(hq.hq.db);
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      await Promise.all(
        rows.map((batch) =>
          hq.hq.db.tx(async (q) => {
            if (q.dialect === 'pg') {
              await q.run(`INSERT INTO bare_rows VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`, batch.flat());
            } else {
              for (const r of batch) await q.run('INSERT INTO bare_rows VALUES (?, ?, ?, ?)', r);
            }
          }),
        ),
      );
      await settle(hq.hq.db);
      const bareSeconds = (performance.now() - t1) / 1000;
      const bareCpu = cpuSeconds(c1);
      const n = DEVICES * PER_DEVICE;
      if (round > 0) rounds.push({ pushed: n / pushSeconds, bare: n / bareSeconds, pushCpuUs: (pushCpu / n) * 1e6, bareCpuUs: (bareCpu / n) * 1e6 });
    }
    rounds.sort((x, y) => x.pushed / x.bare - y.pushed / y.bare);
    const mid = rounds[Math.floor(rounds.length / 2)];
    return {
      name: options.name ?? `ingest.${dialect}.ratio_vs_bare_insert`,
      value: mid.pushed / mid.bare,
      unit: 'ratio',
      reps: ROUNDS,
      note:
        `median round: ${Math.round(mid.pushed)} entry.keyRow commands/s vs ${Math.round(mid.bare)} bare rows/s ` +
        `(CPU of this process: ${median(rounds.map((r) => r.pushCpuUs)).toFixed(1)} µs per command vs ${median(rounds.map((r) => r.bareCpuUs)).toFixed(1)} per bare row); ` +
        `${DEVICES} devices of ${operators} operator${operators > 1 ? 's' : ''} × ${PER_DEVICE} per round, after a warm-up round; goal ≥ 0.3`,
    };
  } finally {
    for (const app of apps) app.close();
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const operatorCodeResponse = z.object({ code: z.string(), expiresAt: z.number() });

/**
 * An operator brought to HQ by a real center PC (bootstrap code for the first, an HQ-staff attach code for the
 * others) whose set-up — keyers, the entry job, its template, batch and units — reaches HQ by a normal sync; then
 * `count` more center PCs of its site enrolled, each assigned one of the keyers in turn.
 */
async function operatorWithDevices(hq: RunningHq, transport: SyncTransport, dataDir: string, index: number, count: number, apps: App[]): Promise<BenchDevice[]> {
  const staffAuth = { authorization: `Bearer ${hq.hq.secrets.adminToken!}` };
  const code = index === 0 ? hq.hq.secrets.bootstrapCode! : (await new HqClient(transport, identity, systemClock).post(paths.adminOperatorCodes, { ttlMinutes: 60 }, operatorCodeResponse, staffAuth)).value.code;
  const { app, admin } = await attachedDevice(dataDir, { url: hq.url, bootstrapCode: code });
  apps.push(app);
  const center = setUpCenter(app, admin, { records: count * PER_DEVICE * (ROUNDS + 1) });
  await syncAgentOf(app.services).runOnce();
  const status = syncAgentOf(app.services).status();
  if (status.queued !== 0 || status.lastErrorCode) throw new Error(`set-up did not reach HQ: ${JSON.stringify(status)}`);
  const { operator_id: operatorId, site_id: siteId } = app.services.store.sqlite.prepare('SELECT operator_id, site_id FROM device_info').get() as { operator_id: string; site_id: string };
  const keyers = center.workers.filter((w) => w.crew === 'entry');
  const devices: BenchDevice[] = [];
  for (let i = 0; i < count; i++) {
    const { value } = await new HqClient(httpTransport(hq.url), identity, systemClock).post(paths.adminCodes, { operatorId, kind: 'center', siteId, workerId: null, ttlMinutes: 60 }, createCodeResponse, staffAuth);
    const deviceId = newId();
    const c = await new HqClient(transport, identity, systemClock).post(paths.enroll, { code: value.code, deviceId }, credentialResponse);
    devices.push({ center: { operatorId, center }, keyerId: keyers[i % keyers.length].id, credential: { deviceId, secret: c.value.secret } });
  }
  return devices;
}

/** A keying as HQ stores it (the rule adds operator, job, batch, keyer, time and HLC to the input). */
function bareRow(device: BenchDevice, c: QueuedCommand): Param[] {
  const { operatorId, center } = device.center;
  const args = c.args as { id: string };
  const row = { ...args, operatorId, jobId: center.jobs.entry, batchId: center.batchId, workerId: device.keyerId, at: Date.now(), hlc: c.hlc };
  return [operatorId, 'entryKeyings', args.id, JSON.stringify(row)];
}

/** The exact request a device's client would send (headers, compressed body), captured instead of sent. */
async function encodedRequest(credential: { deviceId: string; secret: string }, body: unknown): Promise<TransportRequest> {
  let captured: TransportRequest | undefined;
  const capture = new HqClient(
    async (req) => {
      captured = req;
      return { status: 200, headers: {}, body: new TextEncoder().encode('{"hqTime":0,"lastSeq":0,"results":[]}') };
    },
    identity,
    systemClock,
    credential,
  );
  await capture.post(paths.push, body, pushResponse);
  if (!captured) throw new Error('no request captured');
  return captured;
}

/** SQLite: checkpoints the whole WAL and empties it (PostgreSQL checkpoints on its own schedule). */
async function settle(db: SqlDb): Promise<void> {
  if (db.dialect === 'sqlite') await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** CPU seconds (all threads of this process) since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function appliedIn(res: TransportResponse): number {
  const parsed = pushResponse.parse(JSON.parse(Buffer.from(res.body).toString('utf8')));
  return parsed.results.filter((r) => r.status === 'applied').length;
}

/** What HQ said to the first push that was not applied whole, for the error message. */
function firstRefusal(responses: TransportResponse[]): string {
  for (const res of responses) {
    const text = Buffer.from(res.body).toString('utf8');
    if (res.status !== 200 || !/"status":"applied"/.test(text) || /"rejected"/.test(text)) return `${res.status} ${text.slice(0, 400)}`;
  }
  return 'no refusal found';
}
