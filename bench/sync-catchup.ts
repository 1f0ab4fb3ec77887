// Catch-up over a poor link (BENCH.md): a center works offline for a week, then one sync to HQ through the peers' link
// model (`../shared/tools/linkproxy.mjs`) between real `npm run serve` and `npm run hq` processes. The week is
// prepared once (real domain commands through the device's command bus, on its encrypted store) and each run starts
// from a copy of both data folders: seeds 1, 2 and 3 for the stalls, then the same week with every connection reset
// once after 300,000 bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { App } from '../src-main/app/services';
import { keyFileSource } from '../src-main/store/database-key';
import { openSqlite } from '../src-main/store/open';
import { syncAgentOf } from '../src-main/sync/runtime';
import { jstDate, jstInstant } from '../src-shared/core/time';
import type { SyncStatus } from '../src-shared/sync/contract';
import { startHqProcess } from '../test/helpers/hq-process';
import { setUpCenter } from './center-fixture';
import { benchClock, openDaysBefore, queueWeek, type QueuedWeek, type WeekMix } from './offline-week';
import { api, startServe } from './serve-process';
import { startLinkProxy, type LinkShape, type LinkStats } from './sync-proxy';
import { attachedDevice, startHqServer } from './sync-fixtures';
import { median, type Figure } from './types';

/** BENCH.md's link: 1 Mbit/s each way, 150 ms one way, 2 % of segments held 600 ms. */
export const LINK: Omit<LinkShape, 'seed'> = { kbit: 1000, oneWayDelayMs: 150, stallProb: 0.02, stallMs: 600 };
const BYTES_PER_SECOND = (LINK.kbit * 1000) / 8;
const SEEDS = [1, 2, 3];
const RESET_AFTER_BYTES = 300_000;
/** BENCH.md's week: 720 punches (30 workers × 6 days × 4) and 24,280 keyed records, a few hundred of them scan steps. */
const WEEK: WeekMix = { records: 24_280 - 300, scanEvents: 300 };
/** A run that has not finished by then is broken, not slow. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;

export interface PreparedWeek {
  hqDir: string;
  deviceDir: string;
  work: QueuedWeek;
  jsonBytes: number;
  gzipBytes: number;
  /** Seconds: the week's commands as gzip JSON lines ÷ bandwidth, plus one round trip. */
  floor: number;
}

interface Run {
  seed: number;
  seconds: number;
  stats: LinkStats;
  /** Bytes that crossed the link, both directions. */
  wire: number;
  attempts: number;
  /** CPU seconds each process spent from the first look at the device until its sync was done (start-up excluded). */
  cpu: { device: number; hq: number };
}

/** CPU seconds (user + system) a child process has used so far, from /proc (Linux). */
function cpuOf(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The outbox as `{name,args}` JSON lines: what the floor compresses. */
function outboxLines(app: App): string[] {
  const rows = app.services.store.sqlite.prepare('SELECT name, args FROM outbox ORDER BY seq').all() as { name: string; args: string }[];
  return rows.map((r) => `{"name":${JSON.stringify(r.name)},"args":${r.args}}`);
}

function assertAllApplied(status: Pick<SyncStatus, 'queued' | 'lastErrorCode' | 'rejections'>, what: string): void {
  if (status.queued !== 0 || status.lastErrorCode || status.rejections.length > 0) {
    const byReason = new Map<string, number>();
    for (const r of status.rejections) byReason.set(`${r.name} ${r.reason.messageKey}`, (byReason.get(`${r.name} ${r.reason.messageKey}`) ?? 0) + 1);
    throw new Error(`${what} did not finish: queued ${status.queued}, error ${status.lastErrorCode}, ${status.rejections.length} rejected: ${JSON.stringify(Object.fromEntries(byReason))}`);
  }
}

/**
 * The center's set-up reaches HQ directly (unmeasured, HQ in process on the bench clock so the past week carries no
 * clock offset), then the week is queued offline. Both data folders are left closed, to be copied for each run.
 */
export async function prepareWeek(dir: string): Promise<PreparedWeek> {
  const hqDir = path.join(dir, 'hq');
  const deviceDir = path.join(dir, 'device');
  // The six days before today, replayed: the set-up and its sync happen at 07:30 on the first, HQ on the same clock.
  const days = openDaysBefore(jstDate(Date.now()));
  const clock = benchClock();
  clock.runFrom(jstInstant(days[0], '07:30'));
  const hq = await startHqServer({ dataDir: hqDir, now: () => clock.now() });
  try {
    const { app, admin } = await attachedDevice(deviceDir, { url: hq.url, bootstrapCode: hq.hq.secrets.bootstrapCode! }, clock);
    try {
      const agent = syncAgentOf(app.services);
      const center = setUpCenter(app, admin, { records: WEEK.records });
      await agent.runOnce();
      assertAllApplied(agent.status(), 'set-up sync');
      const work = queueWeek(app, center, clock, days, WEEK);
      const json = Buffer.from(outboxLines(app).join('\n'));
      const gzipBytes = gzipSync(json).length;
      const floor = gzipBytes / BYTES_PER_SECOND + (2 * LINK.oneWayDelayMs) / 1000;
      return { hqDir, deviceDir, work, jsonBytes: json.length, gzipBytes, floor };
    } finally {
      app.close();
    }
  } finally {
    await hq.close();
  }
}

/** Points the (closed, encrypted) device store at HQ through the proxy. */
function setHqUrl(deviceDir: string, url: string): void {
  const file = path.join(deviceDir, 'tomoni.sqlite');
  const db = openSqlite(file, { key: keyFileSource(deviceDir, null).keyFor(file) });
  try {
    db.prepare('UPDATE sync_state SET hq_url = ?').run(url);
  } finally {
    db.close();
  }
}

/**
 * One catch-up from copies of the prepared folders: HQ, the proxy, then `serve`, whose agent starts syncing as soon
 * as it starts. Time is the device's own: from the start of the cycle that finished (or the first attempt's start,
 * when a reset forced retries) to the moment it held HQ's checkpoint.
 */
export async function catchUpRun(week: PreparedWeek, runDir: string, link: LinkShape): Promise<Run> {
  const hqDir = path.join(runDir, 'hq');
  const deviceDir = path.join(runDir, 'device');
  fs.cpSync(week.hqDir, hqDir, { recursive: true });
  fs.cpSync(week.deviceDir, deviceDir, { recursive: true });
  const hq = await startHqProcess(hqDir, { existing: true });
  try {
    const proxy = await startLinkProxy(Number(new URL(hq.url).port), link, path.join(runDir, 'link.json'));
    let stats: LinkStats | null = null;
    try {
      setHqUrl(deviceDir, `http://127.0.0.1:${proxy.port}`);
      const device = await startServe({ dataDir: deviceDir, env: { TOMONI_LOG_LEVEL: 'error' } });
      let firstAttempt: number | null = null;
      let attempts = 0;
      let lastAttempt: number | null = null;
      let status: SyncStatus;
      const cpu0 = { device: cpuOf(device.process.pid), hq: cpuOf(hq.child.pid) };
      let cpu = { device: NaN, hq: NaN };
      try {
        const deadline = Date.now() + RUN_TIMEOUT_MS;
        for (;;) {
          status = await api<SyncStatus>(device.url, 'sync.status', {});
          if (status.lastAttemptAt !== null && status.lastAttemptAt !== lastAttempt && status.queued < week.work.commands) {
            lastAttempt = status.lastAttemptAt;
            firstAttempt ??= status.lastAttemptAt;
            attempts += 1;
          }
          const done = status.state === 'idle' && status.queued === 0 && status.lastSyncAt !== null && status.lastAttemptAt !== null && status.lastSyncAt >= status.lastAttemptAt;
          if (done) {
            cpu = { device: cpuOf(device.process.pid) - cpu0.device, hq: cpuOf(hq.child.pid) - cpu0.hq };
            break;
          }
          if (status.lastErrorCode && !['network', 'temporary', 'replayed'].includes(status.lastErrorCode)) break;
          if (Date.now() > deadline) throw new Error(`catch-up did not finish in ${RUN_TIMEOUT_MS / 60000} min: ${JSON.stringify({ ...status, rejections: status.rejections.length })}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await device.stop();
        stats = await proxy.stop();
      }
      assertAllApplied(status, `catch-up (seed ${link.seed})`);
      const started = link.resetAfterBytes ? (firstAttempt ?? status.lastAttemptAt!) : status.lastAttemptAt!;
      return { seed: link.seed, seconds: (status.lastSyncAt! - started) / 1000, stats, wire: stats.up.bytesOut + stats.down.bytesOut, attempts: Math.max(1, attempts), cpu };
    } finally {
      if (!stats) await proxy.stop().catch(() => null);
    }
  } finally {
    await hq.stop();
  }
}

export async function catchUpFigures(): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-catchup-'));
  try {
    const week = await prepareWeek(dir);
    const runs: Run[] = [];
    for (const seed of SEEDS) {
      const run = await catchUpRun(week, path.join(dir, `seed-${seed}`), { ...LINK, seed });
      process.stdout.write(`  catch-up seed ${seed}: ${run.seconds.toFixed(1)} s, ${Math.round(run.stats.up.bytesOut / 1024)} KB up, ${Math.round(run.stats.down.bytesOut / 1024)} KB down, ${run.stats.connections} connections, ${run.stats.up.stalls + run.stats.down.stalls} stalls, CPU device ${run.cpu.device.toFixed(1)} s, HQ ${run.cpu.hq.toFixed(1)} s\n`);
      runs.push(run);
    }
    const resumed = await catchUpRun(week, path.join(dir, 'reset'), { ...LINK, seed: SEEDS[0], resetAfterBytes: RESET_AFTER_BYTES });
    const reference = runs.find((r) => r.seed === SEEDS[0])!;
    const waste = (resumed.wire - reference.wire) / reference.wire;
    process.stdout.write(`  catch-up with a reset after ${RESET_AFTER_BYTES} bytes: ${resumed.seconds.toFixed(1)} s, ${Math.round(resumed.wire / 1024)} KB on the wire vs ${Math.round(reference.wire / 1024)} KB, ${resumed.attempts} attempts\n`);

    const mid = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
    const { work } = week;
    const mix = `${work.punches} punches, ${work.scanEvents} scan step events, ${work.records} keyed rows; all applied, 0 rejections`;
    const each = (f: (r: Run) => string) => `seeds ${SEEDS.join(', ')}: ${runs.map(f).join(' / ')}`;
    const setup = `serve and hq as processes through linkproxy.mjs (${LINK.kbit} kbit/s each way, ${LINK.oneWayDelayMs} ms one way, stall ${LINK.stallProb} × ${LINK.stallMs} ms)`;
    return [
      {
        name: 'catchUp.seconds',
        value: mid.seconds,
        unit: 's',
        reps: runs.length,
        note: `median of 3 seeded runs (${each((r) => `${r.seconds.toFixed(1)} s`)}); ${work.commands} commands (${mix}); ${setup}`,
      },
      {
        name: 'catchUp.bytes_per_command',
        value: median(runs.map((r) => r.wire)) / work.commands,
        unit: 'B',
        reps: runs.length,
        note: `both directions; median run ${Math.round(mid.stats.up.bytesOut / 1024)} KB up, ${Math.round(mid.stats.down.bytesOut / 1024)} KB down, ${mid.stats.connections} connections`,
      },
      {
        name: 'catchUp.link_efficiency',
        value: week.floor / mid.seconds,
        unit: 'ratio',
        reps: runs.length,
        note: `floor ${week.floor.toFixed(2)} s (${(week.jsonBytes / 1e6).toFixed(1)} MB JSON lines, ${Math.round(week.gzipBytes / 1024)} KB gzip ÷ ${BYTES_PER_SECOND / 1000} KB/s + 1 RTT) ÷ median seconds; ${each((r) => (week.floor / r.seconds).toFixed(2))}; goal ≥ 0.7`,
      },
      {
        name: 'catchUp.resume_waste',
        value: waste,
        unit: 'ratio',
        reps: 1,
        note: `every connection reset once after ${RESET_AFTER_BYTES.toLocaleString('en')} bytes (seed ${SEEDS[0]}): ${Math.round(resumed.wire / 1024)} KB on the wire vs ${Math.round(reference.wire / 1024)} KB without, ${resumed.attempts} attempts, ${resumed.seconds.toFixed(1)} s; goal ≤ 0.1`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
