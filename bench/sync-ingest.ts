// HQ ingest (BENCH.md): 200 devices push at once; commands applied per second ÷ rows per second of a bare batched
// insert of the same rows into the same database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HqClient } from '../src-main/sync/hq-client';
import { inProcessTransport } from '../src-main/sync/transport';
import { newId } from '../src-shared/core/ids';
import { formatHlc } from '../src-shared/core/hlc';
import { credentialResponse, createCodeResponse, paths, pushResponse, type QueuedCommand } from '../src-shared/sync/protocol';
import { createHq } from '../src-server/hq';
import type { Param } from '../src-server/store/sql';
import { quiet, weekOfWork } from './sync-fixtures';
import type { Figure } from './types';

const DEVICES = 200;
const PER_DEVICE = 50;
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
    const devices: HqClient[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const { value } = await first.post(paths.adminCodes, { kind: 'center', siteId: newId(), workerId: null, ttlMinutes: 60 }, createCodeResponse, { 'x-tomoni-staff': adminId });
      const deviceId = newId();
      const c = await new HqClient(transport, { appVersion: '0.1.0', schemaVersion: 1 }, clock).post(paths.enroll, { code: value.code, deviceId }, credentialResponse);
      devices.push(new HqClient(transport, { appVersion: '0.1.0', schemaVersion: 1 }, clock, { deviceId, secret: c.value.secret }));
    }
    const work = weekOfWork({ punches: 0, records: DEVICES * PER_DEVICE });
    const batches = devices.map((_, d) => work.slice(d * PER_DEVICE, (d + 1) * PER_DEVICE).map((w, i) => cmd(i + 1, 'audit.record', { id: newId(), action: w.action, targetId: null, details: w.details })));
    const t0 = performance.now();
    await Promise.all(devices.map((client, d) => client.post(paths.push, { commands: batches[d] }, pushResponse)));
    const pushSeconds = (performance.now() - t0) / 1000;

    // The bare baseline: the same rows, batched per device, into a plain table of the same database.
    await hq.db.exec('CREATE TABLE bare_rows (operator_id TEXT NOT NULL, tbl TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (operator_id, tbl, id))');
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
    return {
      name: `ingest.${dialect}.ratio_vs_bare_insert`,
      value: n / pushSeconds / (n / bareSeconds),
      unit: 'ratio',
      reps: 1,
      note: `${Math.round(n / pushSeconds)} commands/s vs ${Math.round(n / bareSeconds)} bare rows/s; ${DEVICES} devices × ${PER_DEVICE}; goal ≥ 0.3`,
    };
  } finally {
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
