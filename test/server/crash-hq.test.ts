// Real crashes of HQ mid-ingest (issue 9), on SQLite and PostgreSQL: three devices (the real encrypted store and sync
// agent) push large queues over HTTP to an `npm run hq` process that is SIGKILLed a few milliseconds after a push
// request left a device, and started again on the same port and data. At the end every device's queue drained and HQ
// holds each command exactly once (by command id), with its effects: nothing acknowledged was lost, nothing doubled.
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src-main/app/services';
import { httpTransport } from '../../src-main/sync/transport';
import { newId } from '../../src-shared/core/ids';
import { createHq } from '../../src-server/hq';
import { quietLog } from '../sim/harness';
import { seededRandom } from '../sim/crash/random';
import { tempDir } from '../helpers/app';
import { startHqProcess, type HqProcess } from '../helpers/hq-process';
import { deviceCommands, drain, enrollCenterDevice, openRealDevice, removeDir, setUpFirstDevice } from '../helpers/real-device';
import { freshPgDatabase, type Dialect } from './hq-helpers';

const KILLS = 4;
const DEVICES = 3;
/** Commands each device adds before every kill: several push batches each. */
const TOP_UP = 800;
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One device's share of work: audit records (~0.5 KB each) and its own worker clocking in and out. */
function queueWork(app: App, workerId: string, count: number): void {
  const { bus } = app.services;
  const actor = { role: 'kiosk' as const, staffId: null, workerId };
  // Commands land 100 to a transaction (one queue entry each): a busy day's backlog, written quickly.
  for (let i = 0; i < count; i += 100) {
    const items = Array.from({ length: Math.min(100, count - i) }, (_, j) => {
      const n = i + j;
      if (n % 4 === 0) {
        const punch = { punchId: newId(), workerId };
        return n % 8 === 0
          ? { name: 'attendance.clockIn', input: { ...punch, roomEntryId: newId(), jobId: null, stepKey: null }, actor }
          : { name: 'attendance.clockOut', input: punch, actor };
      }
      return { name: 'audit.record', input: { id: newId(), action: 'crash.ingest', targetId: null, details: { n, pad: 'y'.repeat(400) } }, actor };
    });
    bus.executeAll(items);
  }
}

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`HQ SIGKILLed mid-ingest (${dialect}, real processes)`, () => {
    const dirs: string[] = [];
    let hq: HqProcess | null = null;
    let dropDb: (() => Promise<void>) | null = null;
    const apps: App[] = [];
    afterAll(async () => {
      for (const app of apps) app.close();
      await hq?.stop();
      await dropDb?.();
      for (const dir of dirs) removeDir(dir);
    });

    it(`holds every command exactly once after ${KILLS} kills, and every queue drains (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const hqDir = tempDir('tomoni-crash-hq-');
      dirs.push(hqDir);
      const db = dialect === 'pg' ? await freshPgDatabase() : null;
      dropDb = db?.drop ?? null;
      // A fixed port for all of HQ's lives (devices keep its URL); the range lies below the kernel's ephemeral ports.
      const port = 20_000 + Math.floor(random() * 12_000);
      const start = (existing: boolean) => startHqProcess(hqDir, { port, existing, databaseUrl: db?.url });
      hq = await start(false);
      const url = hq.url;

      const deviceDirs = Array.from({ length: DEVICES }, (_, i) => tempDir(`tomoni-crash-dev${i}-`));
      dirs.push(...deviceDirs);
      const op = await setUpFirstDevice(deviceDirs[0], url, hq.bootstrapCode, DEVICES);
      for (const dir of deviceDirs.slice(1)) await enrollCenterDevice(dir, url, hq.adminToken, op.siteId);

      // Every push request arms the killer: HQ dies a few milliseconds after one left a device, i.e. mid-ingest.
      let armed: (() => void) | null = null;
      let cutPushes = 0;
      for (const dir of deviceDirs) {
        apps.push(
          openRealDevice(dir, {
            autoStart: false,
            transportFor: (hqUrl, pin) => {
              const base = httpTransport(hqUrl, pin);
              return async (req) => {
                if (req.path.endsWith('/push')) armed?.();
                try {
                  return await base(req);
                } catch (err) {
                  if (req.path.endsWith('/push')) cutPushes++;
                  throw err;
                }
              };
            },
          }),
        );
      }
      for (const app of apps) await drain(app); // enrolled devices learn the workers first

      let done = false;
      const pushing = apps.map(async (app) => {
        while (!done) {
          await app.syncAgent.runOnce();
          await sleep(app.syncAgent.status().queued === 0 ? 50 : 10);
        }
      });
      let acknowledgedBeforeKills = 0;
      try {
        for (let k = 0; k < KILLS; k++) {
          apps.forEach((app, i) => queueWork(app, op.workers[i], TOP_UP));
          const running = hq;
          await new Promise<void>((resolve) => {
            armed = () => {
              armed = null;
              setTimeout(() => {
                running.child.kill('SIGKILL');
                resolve();
              }, Math.floor(random() * 40));
            };
          });
          await new Promise((r) => (running.child.exitCode !== null || running.child.signalCode !== null ? r(null) : running.child.once('exit', r)));
          acknowledgedBeforeKills += apps.reduce((n, app) => n + (app.services.store.sqlite.prepare('SELECT COUNT(*) FROM sync_acked').pluck().get() as number), 0);
          await sleep(Math.floor(random() * 300));
          hq = await start(true);
        }
      } finally {
        done = true;
        await Promise.all(pushing);
      }
      expect(cutPushes, 'pushes cut by the kills').toBeGreaterThan(0);
      expect(acknowledgedBeforeKills, 'HQ acknowledged work between kills').toBeGreaterThan(0);
      for (const app of apps) await drain(app);
      for (const app of apps) await drain(app);

      await hq.stop();
      hq = null;
      const check = await createHq({ dataDir: hqDir, databaseUrl: db?.url, log: quietLog });
      try {
        let audits = 0;
        const punches: string[] = [];
        for (const app of apps) {
          const { sqlite } = app.services.store;
          expect(sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get(), 'queue drained').toBe(0);
          const deviceId = sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string;
          const last = sqlite.prepare('SELECT last FROM outbox_seq WHERE id = 1').pluck().get() as number;
          const [device] = await check.db.all<{ last_seq: number }>('SELECT last_seq FROM devices WHERE device_id = ?', [deviceId]);
          expect(Number(device.last_seq)).toBe(last);
          const rows = await check.db.all<{ command_id: string; outcome: string }>('SELECT command_id, outcome FROM applied_commands WHERE device_id = ?', [deviceId]);
          const counted = new Map<string, number>();
          for (const r of rows.filter((x) => x.outcome !== 'duplicate')) counted.set(r.command_id, (counted.get(r.command_id) ?? 0) + 1);
          expect([...counted].filter(([, n]) => n !== 1), 'commands HQ applied twice').toEqual([]);
          const commands = deviceCommands(app);
          expect(commands.length).toBe(last);
          expect([...counted.keys()].sort(), 'HQ holds exactly this device’s commands').toEqual(commands.map((c) => c.id).sort());
          expect(rows.filter((r) => r.outcome !== 'applied' && r.outcome !== 'duplicate'), 'nothing rejected').toEqual([]);
          audits += commands.filter((c) => c.name === 'audit.record' && c.args.includes('crash.ingest')).length;
          punches.push(...(sqlite.prepare('SELECT id FROM punches').pluck().all() as string[]));
        }
        const hqAudits = await check.db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM entities WHERE tbl = 'auditLog' AND data LIKE '%crash.ingest%'`);
        expect(Number(hqAudits[0].n)).toBe(audits);
        expect(audits).toBe(DEVICES * KILLS * TOP_UP * 0.75);
        const hqPunches = await check.db.all<{ id: string }>("SELECT id FROM entities WHERE tbl = 'punches'");
        expect(hqPunches.map((p) => p.id).sort()).toEqual([...new Set(punches)].sort());
        // Every device holds every device's punches (they share the site): the queues drained both ways.
        expect(punches.length).toBe(hqPunches.length * DEVICES);
      } finally {
        await check.close();
      }
    }, 400_000);
  });
}
