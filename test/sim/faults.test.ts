// Property: whatever the link does (drop, duplicate, delay/reorder, truncate, partition), however often a device is
// killed, restored from its own backup, or syncs at the same time as the others, however often HQ crashes or is
// restored from a backup, with one device's clock a day ahead and one device a protocol version behind, with
// registry edits, PINs, real punches, scan steps and blind double keying (a loaned PC and a center PC) mixed in — after healing, every device holds exactly what HQ says it should,
// and every command reached HQ exactly once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTables } from '../../src-main/store/synced-tables';
import { newId } from '../../src-shared/core/ids';
import { PROTOCOL_VERSION } from '../../src-shared/sync/protocol';
import type { WorkerRow } from '../../src-shared/people/rows';
import { vehicleLogTemplate } from '../../src-shared/entry/builtin';
import { DAY, Sim, type Fault, type SimDevice } from './harness';
import { expectConverged, expectExactlyOnce } from './checks';

// `npm run soak` (2,000 schedules) and `npm run soak -- --long` (10,000), both outside CI (scripts/soak.mjs).
const soak = process.env.SOAK === '1' || process.env.SOAK === 'long';
const runs = process.env.SOAK === 'long' ? 10_000 : soak ? 2000 : 200;
const faults: Fault[] = ['writeDuringPull', 'dropRequest', 'dropResponse', 'duplicate', 'truncateRequest', 'truncateResponse', 'delay', 'partition', 'none'];

type Step =
  | { t: 'write'; dev: number; action: 'audit' | 'worker' | 'credential' | 'future' | 'punch' | 'key' | 'scan' }
  | { t: 'sync'; dev: number }
  | { t: 'syncAll' }
  | { t: 'hqRestart' }
  | { t: 'hqBackup' }
  | { t: 'hqRestore' }
  | { t: 'deviceBackup'; dev: number }
  | { t: 'deviceRestore'; dev: number }
  | { t: 'fault'; dev: number; fault: Fault }
  | { t: 'kill'; dev: number }
  | { t: 'deliver' }
  | { t: 'time'; ms: number };

const dev = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('write' as const), dev, action: fc.constantFrom('audit' as const, 'worker' as const, 'credential' as const, 'future' as const, 'punch' as const, 'key' as const, 'scan' as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('sync' as const), dev }) },
  { weight: 1, arbitrary: fc.constant({ t: 'syncAll' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ t: 'hqRestart' as const }, { t: 'hqBackup' as const }, { t: 'hqRestore' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('deviceBackup' as const, 'deviceRestore' as const), dev }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('fault' as const), dev, fault: fc.constantFrom(...faults) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('kill' as const), dev }) },
  { weight: 1, arbitrary: fc.constant({ t: 'deliver' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('time' as const), ms: fc.integer({ min: 1, max: 600_000 }) }) },
);

/** A command from a newer app version that this HQ does not know yet: HQ must hold it, not reject it. */
function queueFutureCommand(d: SimDevice): void {
  const { sqlite } = d.app.services.store;
  const hlc = sqlite.prepare('SELECT hlc FROM device_info').pluck().get() as string;
  sqlite.transaction(() => {
    const seq = Math.max((sqlite.prepare('SELECT MAX(seq) FROM outbox').pluck().get() as number | null) ?? 0, (sqlite.prepare('SELECT last FROM outbox_seq').pluck().get() as number | undefined) ?? 0) + 1;
    sqlite.prepare('INSERT INTO outbox (seq, id, name, args, actor, hlc, device_time, effects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(seq, newId(), 'future.newThing', '{"x":1}', JSON.stringify(d.actor), hlc, d.clock.now(), '[]');
    sqlite.prepare('INSERT INTO outbox_seq (id, last) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET last = excluded.last').run(seq);
  })();
}

function write(sim: Sim, d: SimDevice, action: Extract<Step, { t: 'write' }>['action'], n: number): void {
  const { bus, store } = d.app.services;
  try {
    if (action === 'audit') bus.execute('audit.record', { id: newId(), action: `sim.${n}`, targetId: null, details: { n } }, d.actor);
    else if (action === 'future') queueFutureCommand(d);
    else if (action === 'punch') punch(sim, d, n);
    else if (action === 'key') keyRow(sim, d, n);
    else if (action === 'scan') scanStep(sim, d, n);
    else if (action === 'credential') {
      const subject = d.kind === 'loaned' ? d.actor.workerId! : sim.workers[n % 3];
      bus.execute('people.setCredential', { id: subject, subjectType: 'worker', kind: 'pin', hash: `scrypt$${'x'.repeat(24)}${n}` }, d.actor);
    } else if (d.kind === 'center') {
      const id = sim.workers[n % 3];
      const row = store.sqlite.prepare('SELECT code FROM workers WHERE id = ?').get(id) as Pick<WorkerRow, 'code'> | undefined;
      if (!row) return;
      // Codes collide across devices on purpose: some edits are rejected at HQ, never locally.
      const code = ['W0001', 'W0002', 'W0003', 'W0009'][n % 4];
      const w = store.sqlite.prepare('SELECT * FROM workers WHERE id = ?').get(id) as Record<string, unknown>;
      bus.execute(
        'people.upsertWorker',
        {
          id,
          code,
          familyName: String(w.family_name),
          givenName: `名${n}`,
          familyNameKana: String(w.family_name_kana),
          givenNameKana: String(w.given_name_kana),
          role: w.role as 'worker' | 'leader',
          homeSiteId: (w.home_site_id as string | null) ?? null,
          skillIt: null,
          skillBusiness: null,
          invoiceNumber: null,
          active: true,
        },
        d.actor,
      );
    }
  } catch (err) {
    // The device's own copy of the rule said no: nothing was queued, nothing changed.
    if (!(err instanceof Error && err.name === 'AppError')) throw err;
  }
}

/** A real punch: clock the worker in, or out when this PC already sees them in (a loaned PC: its own worker). */
function punch(sim: Sim, d: SimDevice, n: number): void {
  const workerId = d.kind === 'loaned' ? d.actor.workerId! : sim.workers[n % 3];
  const { bus, store } = d.app.services;
  const state = store.sqlite.prepare('SELECT state FROM presence WHERE id = ?').pluck().get(workerId) as string | undefined;
  if (state && state !== 'out') bus.execute('attendance.clockOut', { punchId: newId(), workerId }, d.actor);
  else bus.execute('attendance.clockIn', { punchId: newId(), workerId, roomEntryId: newId(), jobId: null, stepKey: null }, d.actor);
}

/** A home-work entry job with one blind double-entry unit: the loaned PC's worker keys slot 1, a center keyer slot 2. */
interface EntryFixture {
  unitId: string;
  pageId: string;
  /** A center-only scan job's volume, worked at both center PCs. */
  volumeId: string;
}
const entryOf = new WeakMap<Sim, EntryFixture>();

function setUpEntry(sim: Sim): void {
  const [d0] = sim.all();
  const [jobId, templateId, batchId, unitId, pageId, scanJobId, volumeId] = [newId(), newId(), newId(), newId(), newId(), newId(), newId()];
  d0.app.services.bus.executeAll([
    { name: 'people.upsertJob', input: { id: scanJobId, code: 'ARC', name: '図面', clientName: '市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, actor: d0.actor },
    { name: 'scan.addVolumes', input: { jobId: scanJobId, volumes: [{ id: volumeId, volumeNo: '001', title: '図面 1', shelfNo: '', expectedPages: 3, format: 'A0', restriction: 'none', dcDate: '' }] }, actor: d0.actor },
    { name: 'scan.moveOriginals', input: { eventId: newId(), volumeId, direction: 'in' }, actor: d0.actor },
    { name: 'people.upsertJob', input: { id: jobId, code: 'VEH', name: '公用車', clientName: '市', kind: 'entry', restriction: 'home_allowed', status: 'active', startDate: null, dueDate: null }, actor: d0.actor },
    { name: 'entry.saveTemplate', input: { id: templateId, code: 'VL', name: vehicleLogTemplate.name, kind: 'vehicle_log', def: vehicleLogTemplate.def, active: true }, actor: d0.actor },
    {
      name: 'entry.createBatch',
      input: { id: batchId, jobId, templateId, code: 'B1', name: 'batch', doubleEntry: true, sources: [{ id: newId(), sha256: 'a'.repeat(64), fileName: 'p.png', mime: 'image/png', bytes: 10, pageIds: [pageId] }] },
      actor: d0.actor,
    },
    { name: 'entry.saveUnits', input: { batchId, units: [{ id: unitId, label: 'U1', pageIds: [pageId], siteId: sim.siteA, keyer1Id: sim.workers[1], keyer2Id: sim.workers[2] }] }, actor: d0.actor },
  ]);
  entryOf.set(sim, { unitId, pageId, volumeId });
}

/** A keyed row (a correction is a newer keying of the same row); now and then the keyer submits their slot. */
function keyRow(sim: Sim, d: SimDevice, n: number): void {
  const { unitId, pageId } = entryOf.get(sim)!;
  const loaned = d.kind === 'loaned';
  const keyer = { role: 'worker' as const, staffId: null, workerId: loaned ? sim.workers[1] : sim.workers[2] };
  const slot = loaned ? 1 : 2;
  const { bus } = d.app.services;
  if (n % 5 === 4) {
    bus.execute('entry.submitKeying', { unitId, slot }, keyer);
    return;
  }
  const values = n % 2 ? { vehicle: `松本300さ${1000 + (n % 9)}` } : { date: '2022-05-02', timeOut: '08:30', timeIn: '10:00', driver: '丸山', department: '総務課', destination: '県庁', purpose: '', odoOut: '1000', odoIn: String(1030 + (n % 7)), notes: '', alcohol: '無', checker: '百瀬', detector: '使用' };
  bus.execute('entry.keyRow', { id: newId(), unitId, pageId, rowNo: n % 2 ? 0 : 1, slot, values }, keyer);
}

/**
 * The scan station at a center PC: start the volume's current step, or register a page and complete it. Two PCs
 * racing for the same step is the point: HQ keeps one, the other is refused and undone.
 */
function scanStep(sim: Sim, d: SimDevice, n: number): void {
  const { volumeId } = entryOf.get(sim)!;
  const { bus, store } = d.app.services;
  const state = store.sqlite.prepare('SELECT step_key AS stepKey, status, page_count AS pages FROM scan_volume_states WHERE id = ?').get(volumeId) as { stepKey: string; status: string; pages: number } | undefined;
  if (!state || state.stepKey === 'done') return;
  if (state.status !== 'in_progress') {
    bus.execute('scan.startStep', { eventId: newId(), volumeId, stepKey: state.stepKey, fields: {} }, d.actor);
    return;
  }
  if (state.stepKey === 'scan' && n % 2) bus.execute('scan.registerPages', { volumeId, eventId: newId(), pages: [{ id: newId(), pageNo: state.pages + 1, tileRows: 1, tileCols: 1 }] }, d.actor);
  else bus.execute('scan.completeStep', { eventId: newId(), volumeId, stepKey: state.stepKey, fields: {} }, d.actor);
}

/** Rule 5: a pulled checkpoint never overwrites a local write HQ has not applied yet (no flicker). */
function expectReadYourWrites(d: SimDevice): void {
  const { sqlite } = d.app.services.store;
  const pending = sqlite.prepare('SELECT effects FROM outbox ORDER BY seq').all() as { effects: string }[];
  for (const { effects } of pending) {
    for (const e of JSON.parse(effects) as { op: string; table: string; id: string; fields: Record<string, unknown>; hlc: string }[]) {
      if (e.op !== 'patch' || !localTables[e.table]) continue;
      const row = d.app.services.store.db.select().from(localTables[e.table]).all().find((r) => (r as { id: string }).id === e.id) as { fieldHlc: Record<string, string> } | undefined;
      for (const field of Object.keys(e.fields)) {
        if (field === 'id') continue;
        expect(row && (row.fieldHlc[field] ?? '') >= e.hlc, `${d.name}: local edit of ${e.table}.${field} survived the pull`).toBe(true);
      }
    }
  }
}

/** Rows per pull page: 1–3 make every bucket multi-page, so re-fetches and first downloads span pages. */
const pageSize = fc.constantFrom<number | undefined>(1, 2, 3, undefined);

async function runSchedule(steps: Step[], pullLimit?: number): Promise<void> {
  const sim = await Sim.create({ pullLimit });
  try {
    setUpEntry(sim);
    await sim.all()[0].agent.runOnce();
    await sim.addDevice('siteB+1day', { kind: 'center', siteId: sim.siteB }, { skewMs: DAY });
    await sim.addDevice('loaned-v-1', { kind: 'loaned', workerId: sim.workers[1] }, { protocolVersion: PROTOCOL_VERSION - 1 });
    let n = 0;
    for (const x of sim.all()) x.onPull = () => write(sim, x, x.kind === 'center' ? 'worker' : 'credential', n++);
    let hqBackup: string | null = null;
    const deviceBackups = new Map<SimDevice, string>();
    let deviceRestored = false;
    for (const s of steps) {
      const d = 'dev' in s ? sim.all()[s.dev] : null;
      if (s.t === 'write') write(sim, d!, s.action, n++);
      else if (s.t === 'sync') {
        await d!.agent.runOnce();
        expectReadYourWrites(d!);
      } else if (s.t === 'syncAll') {
        // Several PCs at HQ at once: their pushes and pulls interleave at every await.
        await Promise.all(sim.all().map((x) => x.agent.runOnce()));
        for (const x of sim.all()) expectReadYourWrites(x);
      } else if (s.t === 'fault') d!.fault = s.fault;
      else if (s.t === 'kill') sim.kill(d!);
      else if (s.t === 'deliver') await sim.deliverDelayed();
      else if (s.t === 'hqRestart') await sim.restartHq();
      else if (s.t === 'hqBackup') hqBackup = sim.backupHq();
      else if (s.t === 'hqRestore') {
        if (hqBackup) await sim.restoreHq(hqBackup);
      } else if (s.t === 'deviceBackup') deviceBackups.set(d!, sim.backupDevice(d!));
      else if (s.t === 'deviceRestore') {
        const backup = deviceBackups.get(d!);
        if (backup) {
          sim.restoreDevice(d!, backup);
          deviceRestored = true;
        }
      } else {
        sim.hqClock.advance(s.ms);
        for (const x of sim.all()) x.clock.advance(s.ms);
      }
    }
    await sim.heal();
    await expectConverged(sim);
    await expectExactlyOnce(sim, { deviceRestored });
  } finally {
    await sim.close();
  }
}

describe('sync under faults', () => {
  it(`converges and applies every command exactly once (${runs} schedules)`, async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: soak ? 40 : 16 }), pageSize, runSchedule), { numRuns: runs });
  }, soak ? 12 * 3_600_000 : undefined);
});
