// Catch-up over a poor link (BENCH.md): a week offline, then one sync through a shaped TCP proxy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { syncAgentOf } from '../src-main/sync/runtime';
import { startShapedProxy } from './sync-proxy';
import { attachedDevice, queueWork, startHqServer, weekOfWork } from './sync-fixtures';
import type { Figure } from './types';

const link = { bytesPerSecond: 125_000, oneWayDelayMs: 150, holdChance: 0.02, holdMs: 600 };

export async function catchUpFigures(): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-catchup-'));
  const hq = await startHqServer({ dataDir: path.join(dir, 'hq') });
  const { app, admin } = await attachedDevice(path.join(dir, 'device'), { url: hq.url, bootstrapCode: hq.hq.secrets.bootstrapCode! });
  const agent = syncAgentOf(app.services);
  const { sqlite } = app.services.store;
  try {
    await agent.runOnce(); // set-up commands, direct
    const work = weekOfWork();
    queueWork(app, admin, work);
    const lines = (sqlite.prepare('SELECT name, args FROM outbox ORDER BY seq').all() as { name: string; args: string }[]).map((r) => `{"name":${JSON.stringify(r.name)},"args":${r.args}}`);
    const gz = gzipSync(Buffer.from(lines.join('\n'))).length;
    const floor = (gz / link.bytesPerSecond) + (2 * link.oneWayDelayMs) / 1000;

    const proxy = await startShapedProxy(hq.port, link);
    sqlite.prepare('UPDATE sync_state SET hq_url = ?').run(`http://127.0.0.1:${proxy.port}`);
    const t0 = performance.now();
    await agent.runOnce();
    const seconds = (performance.now() - t0) / 1000;
    const status = agent.status();
    if (status.queued !== 0 || status.lastErrorCode) throw new Error(`catch-up did not finish: ${JSON.stringify(status)}`);
    const wire = proxy.bytes.up + proxy.bytes.down;
    const week = { ...proxy.bytes };

    // A transfer cut in the middle resumes: only the batch on the wire is sent again.
    queueWork(app, admin, weekOfWork({ punches: 0, records: 6000 }));
    const before = { ...proxy.bytes };
    const run = agent.runOnce();
    setTimeout(() => proxy.cut(), 1200);
    await run;
    const cutError = agent.status().lastErrorCode;
    await agent.runOnce();
    const after = agent.status();
    if (after.queued !== 0 || after.lastErrorCode) throw new Error(`resume failed: ${JSON.stringify(after)}`);
    const resumedKb = Math.round((proxy.bytes.up + proxy.bytes.down - before.up - before.down) / 1024);
    await proxy.close();

    return [
      { name: 'catchUp.seconds', value: seconds, unit: 's', reps: 1, note: `${work.length} commands; floor ${floor.toFixed(1)} s (${Math.round(gz / 1024)} KB gzip + 1 RTT)` },
      { name: 'catchUp.bytes_per_command', value: wire / work.length, unit: 'B', reps: 1, note: `${Math.round(week.up / 1024)} KB up, ${Math.round(week.down / 1024)} KB down` },
      {
        name: 'catchUp.link_efficiency',
        value: floor / seconds,
        unit: 'ratio',
        reps: 1,
        note: `goal ≥ 0.4; link cut 1.2 s into 6,000 more (${cutError ?? 'retried at once'}), resumed: ${resumedKb} KB vs ${Math.round((wire / work.length) * 6000 / 1024)} KB uncut`,
      },
    ];
  } finally {
    app.close();
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
