// Catch-up over a poor link (BENCH.md): a week offline, then one sync through a shaped TCP proxy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { App } from '../src-main/app/services';
import { syncAgentOf } from '../src-main/sync/runtime';
import { jstDate, jstInstant } from '../src-shared/core/time';
import type { SyncStatus } from '../src-shared/sync/contract';
import { setUpCenter } from './center-fixture';
import { benchClock, openDaysBefore, queueWeek, type WeekMix } from './offline-week';
import { startShapedProxy } from './sync-proxy';
import { attachedDevice, startHqServer } from './sync-fixtures';
import type { Figure } from './types';

const link = { bytesPerSecond: 125_000, oneWayDelayMs: 150, holdChance: 0.02, holdMs: 600 };
/** BENCH.md's week: 720 punches (30 workers × 6 days × 4) and 24,280 keyed records, a few hundred of them scan steps. */
const week: WeekMix = { records: 24_280 - 300, scanEvents: 300 };
/** Keyed rows queued after the week to cut the link in the middle of their transfer. */
const RESUME_RECORDS = 6000;

/** The outbox as `{name,args}` JSON lines: what the floor compresses. */
function outboxLines(app: App): string[] {
  const rows = app.services.store.sqlite.prepare('SELECT name, args FROM outbox ORDER BY seq').all() as { name: string; args: string }[];
  return rows.map((r) => `{"name":${JSON.stringify(r.name)},"args":${r.args}}`);
}

/** Every command applied at HQ: none queued, no error, and no rejection recorded on the device. */
function assertAllApplied(app: App, status: Pick<SyncStatus, 'queued' | 'lastErrorCode'>, what: string): void {
  const rejected = app.services.store.sqlite.prepare('SELECT name, reason FROM sync_rejections').all() as { name: string; reason: string }[];
  if (status.queued !== 0 || status.lastErrorCode || rejected.length > 0) {
    throw new Error(`${what} did not finish: ${JSON.stringify(status)}; ${rejected.length} rejected, first ${JSON.stringify(rejected[0] ?? null)}`);
  }
}

export async function catchUpFigures(): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-catchup-'));
  // The six days before today, replayed: the set-up and its sync happen at 07:30 on the first, HQ on the same clock.
  const days = openDaysBefore(jstDate(Date.now()));
  const clock = benchClock();
  clock.runFrom(jstInstant(days[0], '07:30'));
  const hq = await startHqServer({ dataDir: path.join(dir, 'hq'), now: () => clock.now() });
  const { app, admin } = await attachedDevice(path.join(dir, 'device'), { url: hq.url, bootstrapCode: hq.hq.secrets.bootstrapCode! }, clock);
  const agent = syncAgentOf(app.services);
  const { sqlite } = app.services.store;
  try {
    const center = setUpCenter(app, admin, { records: week.records + RESUME_RECORDS });
    await agent.runOnce(); // set-up commands, direct and unmeasured
    assertAllApplied(app, agent.status(), 'set-up sync');
    const work = queueWeek(app, center, clock, days, week);
    clock.release(); // the link is back this morning
    const lines = outboxLines(app);
    const json = Buffer.from(lines.join('\n'));
    const gz = gzipSync(json).length;
    const floor = (gz / link.bytesPerSecond) + (2 * link.oneWayDelayMs) / 1000;

    const proxy = await startShapedProxy(hq.port, link);
    sqlite.prepare('UPDATE sync_state SET hq_url = ?').run(`http://127.0.0.1:${proxy.port}`);
    const t0 = performance.now();
    await agent.runOnce();
    const seconds = (performance.now() - t0) / 1000;
    assertAllApplied(app, agent.status(), 'catch-up');
    const wire = proxy.bytes.up + proxy.bytes.down;
    const weekBytes = { ...proxy.bytes };

    // A transfer cut in the middle resumes: only the batch on the wire is sent again.
    center.keyRecords(RESUME_RECORDS);
    const before = { ...proxy.bytes };
    const run = agent.runOnce();
    setTimeout(() => proxy.cut(), 1200);
    await run;
    const cutError = agent.status().lastErrorCode;
    await agent.runOnce();
    assertAllApplied(app, agent.status(), 'resume');
    const resumedKb = Math.round((proxy.bytes.up + proxy.bytes.down - before.up - before.down) / 1024);
    await proxy.close();

    const mix = `${work.punches} punches, ${work.scanEvents} scan step events, ${work.records} keyed rows; all applied, 0 rejections`;
    return [
      {
        name: 'catchUp.seconds',
        value: seconds,
        unit: 's',
        reps: 1,
        note: `${work.commands} commands (${mix}); floor ${floor.toFixed(1)} s (${(json.length / 1e6).toFixed(1)} MB JSON lines, ${Math.round(gz / 1024)} KB gzip + 1 RTT)`,
      },
      { name: 'catchUp.bytes_per_command', value: wire / work.commands, unit: 'B', reps: 1, note: `${Math.round(weekBytes.up / 1024)} KB up, ${Math.round(weekBytes.down / 1024)} KB down` },
      {
        name: 'catchUp.link_efficiency',
        value: floor / seconds,
        unit: 'ratio',
        reps: 1,
        note: `goal ≥ 0.4; link cut 1.2 s into ${RESUME_RECORDS.toLocaleString('en')} more keyed rows (${cutError ?? 'retried at once'}), resumed: ${resumedKb} KB vs ${Math.round(((wire / work.commands) * RESUME_RECORDS) / 1024)} KB uncut`,
      },
    ];
  } finally {
    app.close();
    await hq.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
