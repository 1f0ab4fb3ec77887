// HQ ingest (BENCH.md): 200 devices push at once; commands applied per second ÷ rows per second of a bare batched
// insert of the same rows into the same database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HqClient } from '../src-main/sync/hq-client';
import { inProcessTransport, type TransportRequest, type TransportResponse } from '../src-main/sync/transport';
import { newId } from '../src-shared/core/ids';
import { formatHlc } from '../src-shared/core/hlc';
import { credentialResponse, createCodeResponse, paths, pushResponse, type QueuedCommand } from '../src-shared/sync/protocol';
import { createHq } from '../src-server/hq';
import type { Param } from '../src-server/store/sql';
import { quiet, weekOfWork } from './sync-fixtures';
import type { Figure } from './types';

const DEVICES = 200;
const PER_DEVICE = 50;
const ROUNDS = 5;
const clock = { now: () => Date.now() };

export async function ingestFigure(dialect: 'sqlite' | 'postgres', databaseUrl?: string): Promise<Figure> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-ingest-'));
  const hq = await createHq(databaseUrl ? { databaseUrl, log: quiet } : { dataDir: dir, log: quiet });
  try {
    const transport = inProcessTransport(hq.app);
    const operatorId = newId();
    const adminId = newId();
    const admin = { role: 'admin', staffId: adminId, workerId: null };
    const firstId = newId();
    const cred = await new HqClient(transport, { appVersion: '0.1.0', schemaVersion: 1 }, clock).post(
      paths.attach,
      { code: hq.secrets.bootstrapCode!, deviceId: firstId, operatorId, kind: 'center', siteId: newId(), workerId: null },
      credentialResponse,
    );
    const first = new HqClient(transport, { appVersion: '0.1.0', schemaVersion: 1 }, clock, { deviceId: firstId, secret: cred.value.secret });
    let hlcCounter = 0;
    const cmd = (seq: number, name: string, args: unknown): QueuedCommand => ({
      seq,
      name,
      args,
      actor: admin,
      hlc: formatHlc({ wallMs: Date.now(), counter: hlcCounter++ % 0xfffff, node: 'benchbench01' }),
      touches: [],
    });
    await first.post(paths.push, { commands: [cmd(1, 'people.createOperator', { id: operatorId, name: 'Bench' }), cmd(2, 'people.upsertStaff', { id: adminId, loginId: 'admin', familyName: 'a', givenName: 'b', role: 'admin', siteId: null, active: true })] }, pushResponse);
    const devices: { deviceId: string; secret: string }[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const { value } = await first.post(paths.adminCodes, { kind: 'center', siteId: newId(), workerId: null, ttlMinutes: 60 }, createCodeResponse, { 'x-tomoni-staff': adminId });
      const deviceId = newId();
      const c = await new HqClient(transport, { appVersion: '0.1.0', schemaVersion: 1 }, clock).post(paths.enroll, { code: value.code, deviceId }, credentialResponse);
      devices.push({ deviceId, secret: c.value.secret });
    }
    await hq.db.exec('CREATE TABLE bare_rows (operator_id TEXT NOT NULL, tbl TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (operator_id, tbl, id))');
    // Round 0 warms both paths up (JIT, caches, pool); each later round is measured side by side with its bare twin.
    const rounds: { pushed: number; bare: number }[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const work = weekOfWork({ punches: 0, records: DEVICES * PER_DEVICE });
      const batches = devices.map((_, d) =>
        work.slice(d * PER_DEVICE, (d + 1) * PER_DEVICE).map((w, i) => cmd(round * PER_DEVICE + i + 1, 'audit.record', { id: newId(), action: w.action, targetId: null, details: w.details })),
      );
      // Each device builds and compresses its request on its own CPU: encoded before the clock starts, so the figure
      // is HQ's work (decompress, validate, authenticate, apply, commit, answer), not 200 simulated clients'.
      const requests = await Promise.all(devices.map((credential, d) => encodedRequest(credential, { commands: batches[d] })));
      const t0 = performance.now();
      const responses = await Promise.all(requests.map((req) => transport(req)));
      const pushSeconds = (performance.now() - t0) / 1000;
      const applied = responses.reduce((n, res) => n + appliedIn(res), 0);
      if (applied !== DEVICES * PER_DEVICE) throw new Error(`ingest: ${applied} of ${DEVICES * PER_DEVICE} commands applied`);

      // The bare baseline: the same rows, batched per device, into a plain table of the same database.
      const rows = batches.map((b) => b.map((c) => [operatorId, 'auditLog', newId(), JSON.stringify({ ...(c.args as object), operatorId, hlc: c.hlc })] as Param[]));
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
    const ratios = rounds.map((r) => r.pushed / r.bare).sort((x, y) => x - y);
    const mid = rounds.map((r) => r).sort((x, y) => x.pushed / x.bare - y.pushed / y.bare)[Math.floor(rounds.length / 2)];
    return {
      name: `ingest.${dialect}.ratio_vs_bare_insert`,
      value: ratios[Math.floor(ratios.length / 2)],
      unit: 'ratio',
      reps: ROUNDS,
      note: `median round: ${Math.round(mid.pushed)} commands/s vs ${Math.round(mid.bare)} bare rows/s; ${DEVICES} devices × ${PER_DEVICE} per round, after a warm-up round; goal ≥ 0.3`,
    };
  } finally {
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The exact request a device's client would send (headers, compressed body), captured instead of sent. */
async function encodedRequest(credential: { deviceId: string; secret: string }, body: unknown): Promise<TransportRequest> {
  let captured: TransportRequest | undefined;
  const capture = new HqClient(
    async (req) => {
      captured = req;
      return { status: 200, headers: {}, body: new TextEncoder().encode('{"hqTime":0,"lastSeq":0,"results":[]}') };
    },
    { appVersion: '0.1.0', schemaVersion: 1 },
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
