// HQ ingest (BENCH.md): 200 devices push at once; commands applied per second ÷ rows per second of a bare batched
// insert of the same rows into the same database. The devices belong to one operator (the embedded SQLite case, and
// the worst case for PostgreSQL: one operator's pushes apply in order) or are spread over several operators (a
// cooperative on PostgreSQL, whose operators apply side by side).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { HqClient } from '../src-main/sync/hq-client';
import { inProcessTransport, type SyncTransport, type TransportRequest, type TransportResponse } from '../src-main/sync/transport';
import type { CommandActor } from '../src-shared/commands/define';
import { newId } from '../src-shared/core/ids';
import { formatHlc } from '../src-shared/core/hlc';
import { credentialResponse, createCodeResponse, paths, pushResponse, type QueuedCommand } from '../src-shared/sync/protocol';
import { createHq, type Hq } from '../src-server/hq';
import type { Param } from '../src-server/store/sql';
import { quiet, weekOfWork } from './sync-fixtures';
import type { Figure } from './types';

const DEVICES = 200;
const PER_DEVICE = Number(process.env.PER_DEVICE ?? 50);
const ROUNDS = 5;
const clock = { now: () => Date.now() };
const identity = { appVersion: '0.1.0', schemaVersion: 1 };

interface BenchDevice {
  operatorId: string;
  actor: CommandActor;
  credential: { deviceId: string; secret: string };
}

export async function ingestFigure(dialect: 'sqlite' | 'postgres', options: { databaseUrl?: string; operators?: number; name?: string } = {}): Promise<Figure> {
  const operators = options.operators ?? 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-ingest-'));
  const hq = await createHq(options.databaseUrl ? { databaseUrl: options.databaseUrl, log: quiet } : { dataDir: dir, log: quiet });
  try {
    const transport = inProcessTransport(hq.app);
    const devices: BenchDevice[] = [];
    for (let o = 0; o < operators; o++) devices.push(...(await operatorWithDevices(hq, transport, o, DEVICES / operators)));
    let hlcCounter = 0;
    const cmd = (seq: number, actor: CommandActor, args: unknown): QueuedCommand => ({
      seq,
      name: 'audit.record',
      args,
      actor,
      hlc: formatHlc({ wallMs: Date.now(), counter: hlcCounter++ % 0xfffff, node: 'benchbench01' }),
      touches: [],
    });
    await hq.db.exec('CREATE TABLE bare_rows (operator_id TEXT NOT NULL, tbl TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (operator_id, tbl, id))');
    // Round 0 warms both paths up (JIT, caches, pool); each later round is measured side by side with its bare twin.
    const rounds: { pushed: number; bare: number }[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const work = weekOfWork({ punches: 0, records: DEVICES * PER_DEVICE });
      const batches = devices.map((device, d) =>
        work.slice(d * PER_DEVICE, (d + 1) * PER_DEVICE).map((w, i) => cmd(round * PER_DEVICE + i + 1, device.actor, { id: newId(), action: w.action, targetId: null, details: w.details })),
      );
      // Each device builds and compresses its request on its own CPU: encoded before the clock starts, so the figure
      // is HQ's work (decompress, validate, authenticate, apply, commit, answer), not 200 simulated clients'.
      const requests = await Promise.all(devices.map((device, d) => encodedRequest(device.credential, { commands: batches[d] })));
      const t0 = performance.now();
      const responses = await Promise.all(requests.map((req) => transport(req)));
      const pushSeconds = (performance.now() - t0) / 1000;
      const applied = responses.reduce((n, res) => n + appliedIn(res), 0);
      if (applied !== DEVICES * PER_DEVICE) throw new Error(`ingest: ${applied} of ${DEVICES * PER_DEVICE} commands applied`);

      // The bare baseline: the same rows, batched per device, into a plain table of the same database.
      const rows = batches.map((b, d) => b.map((c) => [devices[d].operatorId, 'auditLog', newId(), JSON.stringify({ ...(c.args as object), operatorId: devices[d].operatorId, hlc: c.hlc })] as Param[]));
      const t1 = performance.now();
      await Promise.all(
        rows.map((batch) =>
          hq.db.tx(async (q) => {
            if (q.dialect === 'pg') {
              await q.run(`INSERT INTO bare_rows VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`, batch.flat());
            } else {
              for (const r of batch) await q.run('INSERT INTO bare_rows VALUES (?, ?, ?, ?)', r);
            }
          }),
        ),
      );
      const bareSeconds = (performance.now() - t1) / 1000;
      const n = DEVICES * PER_DEVICE;
      if (round > 0) rounds.push({ pushed: n / pushSeconds, bare: n / bareSeconds });
    }
    rounds.sort((x, y) => x.pushed / x.bare - y.pushed / y.bare);
    const mid = rounds[Math.floor(rounds.length / 2)];
    return {
      name: options.name ?? `ingest.${dialect}.ratio_vs_bare_insert`,
      value: mid.pushed / mid.bare,
      unit: 'ratio',
      reps: ROUNDS,
      note: `median round: ${Math.round(mid.pushed)} commands/s vs ${Math.round(mid.bare)} bare rows/s; ${DEVICES} devices of ${operators} operator${operators > 1 ? 's' : ''} × ${PER_DEVICE} per round, after a warm-up round; goal ≥ 0.3`,
    };
  } finally {
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const operatorCodeResponse = z.object({ code: z.string(), expiresAt: z.number() });

/** An operator brought to HQ (bootstrap code for the first, an HQ-staff attach code for the others) and its devices. */
async function operatorWithDevices(hq: Hq, transport: SyncTransport, index: number, count: number): Promise<BenchDevice[]> {
  const operatorId = newId();
  const staffId = newId();
  const actor: CommandActor = { role: 'admin', staffId, workerId: null };
  const code =
    index === 0
      ? hq.secrets.bootstrapCode!
      : (await new HqClient(transport, identity, clock).post(paths.adminOperatorCodes, { ttlMinutes: 60 }, operatorCodeResponse, { authorization: `Bearer ${hq.secrets.adminToken!}` })).value.code;
  const firstId = newId();
  const cred = await new HqClient(transport, identity, clock).post(paths.attach, { code, deviceId: firstId, operatorId, kind: 'center', siteId: newId(), workerId: null }, credentialResponse);
  const first = new HqClient(transport, identity, clock, { deviceId: firstId, secret: cred.value.secret });
  const setup = (seq: number, name: string, args: unknown): QueuedCommand => ({ seq, name, args, actor, hlc: formatHlc({ wallMs: Date.now(), counter: seq, node: 'benchsetup01' }), touches: [] });
  await first.post(
    paths.push,
    {
      commands: [
        setup(1, 'people.createOperator', { id: operatorId, name: `Bench ${index}` }),
        setup(2, 'people.upsertStaff', { id: staffId, loginId: 'admin', familyName: 'a', givenName: 'b', role: 'admin', siteId: null, active: true }),
      ],
    },
    pushResponse,
  );
  const devices: BenchDevice[] = [];
  for (let i = 0; i < count; i++) {
    const { value } = await first.post(paths.adminCodes, { kind: 'center', siteId: newId(), workerId: null, ttlMinutes: 60 }, createCodeResponse, { 'x-tomoni-staff': staffId });
    const deviceId = newId();
    const c = await new HqClient(transport, identity, clock).post(paths.enroll, { code: value.code, deviceId }, credentialResponse);
    devices.push({ operatorId, actor, credential: { deviceId, secret: c.value.secret } });
  }
  return devices;
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
    clock,
    credential,
  );
  await capture.post(paths.push, body, pushResponse);
  if (!captured) throw new Error('no request captured');
  return captured;
}

function appliedIn(res: TransportResponse): number {
  const parsed = pushResponse.parse(JSON.parse(Buffer.from(res.body).toString('utf8')));
  return parsed.results.filter((r) => r.status === 'applied').length;
}
