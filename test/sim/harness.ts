// Simulation harness: one HQ (real SQLite file) and several devices (real app stores) in one process, talking the
// real HTTP protocol in-process through a fault-injecting transport.
import { keyFileSource } from '../../src-main/store/database-key';
import type { AppStatus } from '../../src-shared/app/contract';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createApp, type App } from '../../src-main/app/services';
import { credentials, staff } from '../../src-main/people/schema';
import { unwrapStaffKey } from '../../src-main/auth/staff-keys';
import { verifyStaffPassword } from '../../src-main/auth/verify';
import type { SyncAgent } from '../../src-main/sync/agent';
import { syncAgentOf } from '../../src-main/sync/runtime';
import { attachToHq, enrollWithCode } from '../../src-main/sync/join';
import { inProcessTransport, type SyncTransport, type TransportRequest, type TransportResponse } from '../../src-main/sync/transport';
import { localTables } from '../../src-main/store/synced-tables';
import { getTableColumns } from 'drizzle-orm';
import type { CommandActor } from '../../src-shared/commands/define';
import { newId } from '../../src-shared/core/ids';
import { createEnrollmentCode } from '../../src-server/admin/enrollment';
import { createHq, type Hq } from '../../src-server/hq';
import { backupSqliteHq, restoreSqliteHq } from '../../src-server/store/backup';
import { DATABASE_FILE } from '../../src-main/app/services';
import type { Logger } from '../../src-server/logging/logger';
import { findDevice } from '../../src-server/sync/devices';
import { bucketsForDevice } from '../../src-server/sync/scopes';
import { TestClock, tempDir } from '../helpers/app';

export const quietLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const HQ_URL = 'http://hq.sim';
const DAY = 86_400_000;
/** In process a batch that overtook another waits only for the other's transaction; no network delay to cover. */
const SIM_GAP_WAIT_MS = 1000;
const SIM_PASSWORD = 'sim-password-1';

export type Fault = 'none' | 'writeDuringPull' | 'dropRequest' | 'dropResponse' | 'duplicate' | 'truncateRequest' | 'truncateResponse' | 'delay' | 'partition';

export interface SimDevice {
  name: string;
  dataDir: string;
  clock: TestClock;
  app: App;
  agent: SyncAgent;
  actor: CommandActor;
  kind: 'center' | 'loaned';
  protocolVersion?: number;
  /** An encrypted store (source files sealed) like a real PC's, its key in the data folder; plain by default. */
  encrypted?: boolean;
  /** Fault applied to the next request; 'partition' stays until healed. */
  fault: Fault;
  /** A local write made while a pull is on the wire (for the read-your-writes gate). */
  onPull?: () => void;
}

export class Sim {
  readonly devices: SimDevice[] = [];
  private readonly delayed: TransportRequest[] = [];
  private base: SyncTransport;
  operatorId = '';
  siteA = '';
  siteB = '';
  adminId = '';
  workers: string[] = [];
  /** Commands queued on devices, by device name (for the exactly-once check). */
  private constructor(
    public hq: Hq,
    readonly hqClock: TestClock,
    readonly hqDir: string,
    /** Rows per pull page on every device (undefined: the default). Small pages make every bucket multi-page. */
    readonly pullLimit?: number,
  ) {
    this.base = inProcessTransport(hq.app);
  }

  /** `beforeAttach` runs on the first PC after its set-up and before it attaches to HQ (its pre-attach history). */
  static async create(options: { pullLimit?: number; beforeAttach?: (sim: Sim, first: SimDevice) => void } = {}): Promise<Sim> {
    const hqClock = new TestClock();
    const hqDir = tempDir('tomoni-sim-hq-');
    const hq = await createHq({ dataDir: hqDir, now: () => hqClock.now(), log: quietLog, gapWaitMs: SIM_GAP_WAIT_MS });
    const sim = new Sim(hq, hqClock, hqDir, options.pullLimit);
    const first = sim.open('d0', tempDir('tomoni-sim-d0-'), 0, { role: 'admin', staffId: null, workerId: null }, 'center');
    const setup = await first.app.router.call(
      'setup.initialize',
      { operatorName: 'Sim Co', siteName: 'Site A', siteCode: 'A', deviceKind: 'center', admin: { loginId: 'admin', familyName: '管理', givenName: '太郎', password: SIM_PASSWORD } },
      null,
    );
    if (!setup.ok) throw new Error(JSON.stringify(setup.error));
    const admin = first.app.services.store.db.select().from(staff).where(eq(staff.loginId, 'admin')).get()!;
    sim.adminId = admin.id;
    first.actor = { role: 'admin', staffId: admin.id, workerId: null };
    sim.signIn(first);
    sim.operatorId = admin.operatorId;
    sim.siteA = (setup.value as AppStatus).device!.siteId!;
    options.beforeAttach?.(sim, first);
    await attachToHq(sim.joinDeps(first), HQ_URL, hq.secrets.bootstrapCode!);
    sim.siteB = newId();
    first.app.services.bus.execute('people.upsertSite', { id: sim.siteB, code: 'B', name: 'Site B', kind: 'center', active: true }, first.actor);
    for (let i = 1; i <= 3; i++) {
      const id = newId();
      sim.workers.push(id);
      first.app.services.bus.execute(
        'people.upsertWorker',
        { id, code: `W000${i}`, familyName: '作業', givenName: `${i}`, familyNameKana: 'サギョウ', givenNameKana: 'イチ', role: i === 1 ? 'leader' : 'worker', homeSiteId: i === 3 ? sim.siteB : sim.siteA, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true },
        first.actor,
      );
    }
    sim.devices.push(first);
    await first.agent.runOnce();
    return sim;
  }

  private joinDeps(d: SimDevice) {
    return { store: d.app.services.store, clock: d.clock, appVersion: '0.1.0', vault: { seal: (s: string) => s, unseal: (s: string) => s }, transport: this.transportFor(d) };
  }

  private open(name: string, dataDir: string, skewMs: number, actor: CommandActor, kind: 'center' | 'loaned', protocolVersion?: number, clock?: TestClock, encrypted?: boolean): SimDevice {
    const devClock = clock ?? new TestClock(this.hqClock.now() + skewMs);
    const holder: { device?: SimDevice } = {};
    const app = createApp({
      dataDir,
      clock: devClock,
      ...(encrypted ? { databaseKey: keyFileSource(dataDir, null) } : {}),
      sync: {
        autoStart: false,
        transportFor: () => this.transportFor(this.devices.find((x) => x.name === name) ?? holder.device!),
        protocolVersion,
        vault: { seal: (s) => s, unseal: (s) => s },
        ...(this.pullLimit ? { engine: { pullLimit: this.pullLimit } } : {}),
      },
    });
    const device: SimDevice = { name, dataDir, clock: devClock, app, actor, kind, protocolVersion, encrypted, fault: 'none', agent: syncAgentOf(app.services) };
    holder.device = device;
    // The admin at a center PC signs in again whenever the idle lock ended their session (simulated hours pass
    // between actions), as a person coming back to the PC would: their commands always carry their signature.
    const bus = app.services.bus;
    const execute = bus.execute.bind(bus);
    const executeAll = bus.executeAll.bind(bus);
    const ensureSignedIn = (actors: CommandActor[]) => {
      for (const a of actors) if (a.staffId && !app.services.sessions.keyFor(a.staffId) && device.actor.staffId === a.staffId) this.signIn(device);
    };
    bus.execute = (n, input, actor) => {
      ensureSignedIn([actor]);
      return execute(n, input, actor);
    };
    bus.executeAll = (items) => {
      ensureSignedIn(items.map((i) => i.actor));
      return executeAll(items);
    };
    return device;
  }

  async addDevice(name: string, opts: { kind: 'center'; siteId: string } | { kind: 'loaned'; workerId: string }, extra: { skewMs?: number; protocolVersion?: number; encrypted?: boolean } = {}): Promise<SimDevice> {
    const { code } = await createEnrollmentCode(
      this.hq.db,
      { operatorId: this.operatorId, kind: opts.kind, siteId: opts.kind === 'center' ? opts.siteId : null, workerId: opts.kind === 'loaned' ? opts.workerId : null, ttlMinutes: 60 },
      this.hqClock.now(),
    );
    const actor: CommandActor = opts.kind === 'center' ? { role: 'admin', staffId: this.adminId, workerId: null } : { role: 'worker', staffId: null, workerId: opts.workerId };
    const d = this.open(name, tempDir(`tomoni-sim-${name}-`), extra.skewMs ?? 0, actor, opts.kind, extra.protocolVersion, undefined, extra.encrypted);
    await enrollWithCode(this.joinDeps(d), HQ_URL, code);
    await d.agent.runOnce();
    this.signIn(d);
    this.devices.push(d);
    return d;
  }

  /**
   * A center device acting as the admin has the admin signed in, so its commands carry their signature like a real
   * device's (decision 0072); the key is unwrapped from the synced credential with the password.
   */
  signIn(d: SimDevice): void {
    if (!d.actor.staffId) return;
    const { services } = d.app;
    const person = verifyStaffPassword(services, 'admin', SIM_PASSWORD);
    const cred = services.store.db.select().from(credentials).where(eq(credentials.id, person.id)).get();
    const signingKey = cred ? unwrapStaffKey(SIM_PASSWORD, cred) : null;
    if (!signingKey) throw new Error('sim sign-in: no signing key');
    services.sessions.create({ role: person.role, staffId: person.id, workerId: null, displayName: 'admin', signingKey });
  }

  /** kill -9 between steps: the store is closed without any goodbye and opened again. */
  kill(d: SimDevice): void {
    d.agent.stop();
    d.app.close();
    const reopened = this.open(d.name, d.dataDir, 0, d.actor, d.kind, d.protocolVersion, d.clock, d.encrypted);
    d.app = reopened.app;
    d.agent = reopened.agent;
    // A restart signs everyone out; the admin signs in again before acting (sessions live in memory).
    this.signIn(d);
  }

  /** An online backup of HQ (what `npm run hq -- --backup-dir` writes). */
  backupHq(): string {
    return backupSqliteHq(path.join(this.hqDir, 'hq.sqlite'), path.join(this.hqDir, 'backups'), this.hqClock.now(), 1000);
  }

  /** HQ stops (a crash: nothing more is answered) and starts again on its own files. */
  async restartHq(): Promise<void> {
    await this.hq.close();
    this.hq = await createHq({ dataDir: this.hqDir, now: () => this.hqClock.now(), log: quietLog, gapWaitMs: SIM_GAP_WAIT_MS });
    this.base = inProcessTransport(this.hq.app);
  }

  /** HQ is restored from a backup (`npm run hq -- --restore`) and started again: it forgets what came after. */
  async restoreHq(backup: string): Promise<void> {
    await this.hq.close();
    restoreSqliteHq(this.hqDir, backup, this.hqClock.now());
    this.hq = await createHq({ dataDir: this.hqDir, now: () => this.hqClock.now(), log: quietLog, gapWaitMs: SIM_GAP_WAIT_MS });
    this.base = inProcessTransport(this.hq.app);
  }

  /** The device's own daily backup (src-main/store/backup.ts does the same VACUUM INTO). */
  backupDevice(d: SimDevice): string {
    const file = path.join(tempDir('tomoni-sim-devbak-'), 'backup.sqlite');
    d.app.services.store.sqlite.prepare('VACUUM INTO ?').run(file);
    return file;
  }

  /** The PC is restored from its backup: everything after the backup is gone from it. */
  restoreDevice(d: SimDevice, backup: string): void {
    d.agent.stop();
    d.app.close();
    const file = path.join(d.dataDir, DATABASE_FILE);
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
    fs.copyFileSync(backup, file);
    const reopened = this.open(d.name, d.dataDir, 0, d.actor, d.kind, d.protocolVersion, d.clock, d.encrypted);
    d.app = reopened.app;
    d.agent = reopened.agent;
    this.signIn(d);
  }

  transportFor(d: SimDevice): SyncTransport {
    return async (req): Promise<TransportResponse> => {
      const fault = d.fault;
      if (fault !== 'partition') d.fault = 'none';
      switch (fault) {
        case 'writeDuringPull':
          if (req.path.endsWith('/pull')) {
            const res = await this.base(req);
            d.onPull?.();
            return res;
          }
          d.fault = fault;
          return this.base(req);
        case 'partition':
        case 'dropRequest':
          throw new Error('network down');
        case 'delay':
          this.delayed.push(req);
          throw new Error('timeout');
        case 'dropResponse':
          await this.base(req);
          throw new Error('connection reset');
        case 'duplicate':
          await this.base(req);
          return this.base(req);
        case 'truncateRequest':
          return this.base({ ...req, body: req.body ? req.body.subarray(0, Math.floor(req.body.length / 2)) : null });
        case 'truncateResponse': {
          const res = await this.base(req);
          return { ...res, body: res.body.subarray(0, Math.floor(res.body.length / 2)) };
        }
        default:
          return this.base(req);
      }
    };
  }

  /** Delayed requests finally arrive, out of order, long after their senders gave up. */
  async deliverDelayed(): Promise<void> {
    while (this.delayed.length) await this.base(this.delayed.splice(Math.floor(this.delayed.length / 2), 1)[0]).catch(() => undefined);
  }

  all(): SimDevice[] {
    return this.devices;
  }

  async heal(): Promise<void> {
    await this.deliverDelayed();
    for (const d of this.devices) d.fault = 'none';
    // Two full rounds: the first brings every queue to HQ, the second brings everyone's writes to everyone.
    for (let round = 0; round < 3; round++) for (const d of this.devices) await d.agent.runOnce();
  }

  /** What HQ says this device should hold: current rows of its buckets, by table and id. */
  async expectedRows(d: SimDevice): Promise<Map<string, Record<string, unknown>>> {
    const device = (await findDevice(this.hq.db, d.app.services.store.sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string))!;
    const out = new Map<string, Record<string, unknown>>();
    for (const b of await bucketsForDevice(this.hq.db, device)) {
      const rows = await this.hq.db.all<{ tbl: string; id: string; data: string }>(
        `SELECT c.tbl, c.id, e.data FROM changes c JOIN entities e ON e.operator_id = c.operator_id AND e.tbl = c.tbl AND e.id = c.id
         WHERE c.operator_id = ? AND c.bucket = ? AND c.deleted = 0`,
        [device.operator_id, b],
      );
      for (const r of rows) out.set(`${r.tbl}/${r.id}`, JSON.parse(r.data) as Record<string, unknown>);
    }
    return out;
  }

  /** The device's synced tables, as plain rows keyed like expectedRows. */
  localRows(d: SimDevice): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const [tbl, table] of Object.entries(localTables)) {
      for (const row of d.app.services.store.db.select().from(table).all() as Record<string, unknown>[]) out.set(`${tbl}/${String(row.id)}`, row);
    }
    return out;
  }

  /** Compares on the device's own columns (a device a version behind may lack newer ones). */
  normalize(tbl: string, row: Record<string, unknown>): string {
    const keys = Object.keys(getTableColumns(localTables[tbl])).sort();
    return JSON.stringify(keys.map((k) => [k, row[k] ?? null]));
  }

  async close(): Promise<void> {
    for (const d of this.devices) {
      d.agent.stop();
      d.app.close();
      fs.rmSync(d.dataDir, { recursive: true, force: true });
    }
    await this.hq.close();
    fs.rmSync(this.hqDir, { recursive: true, force: true });
  }
}

export { DAY };
