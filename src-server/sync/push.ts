// Applies devices' queued commands (DESIGN.md rule 3). Each push is applied whole or not at all, idempotent by
// (device, seq) and command id: duplicates are answered again, a known seq with another id is `diverged`, gaps refused,
// unknown commands held, permanent rejections recorded with their reason (and the queue advances). A device that
// re-attached under a fresh identity is deduplicated by command id across its identities (replica.ts, decision 0067).
// Pushes of one operator share transactions (group commit).
import type { PushRequest, PushResponse, PushResult, QueuedCommand, RejectionReason } from '../../src-shared/sync/protocol';
import { answerForKnownSeq } from '../../src-shared/sync/replica';
import { ChangeLog } from '../store/entities';
import type { Param, Queryable, SqlDb } from '../store/sql';
import { ActorChecks, applyOne, revertImages, type PushContext } from './apply-command';
import { findDevices, noteContact, saveDevices, type ContactFacts, type DeviceRecord } from './devices';
import { SyncError } from './errors';
import { GroupCommitter, type Outcome } from './group-commit';

/** One device's push as HQ received it: applied whole inside a (possibly shared) transaction. */
export interface PushJob {
  deviceId: string;
  operatorId: string;
  request: PushRequest;
  /** Used once: a replayed request is refused before it can touch anything. */
  requestId: string;
  /** Health facts the request carried (versions, clock offset, queue length), recorded with the push. */
  contact: ContactFacts;
}

/**
 * Pushes of one operator are applied in groups: while one transaction runs, the pushes that arrive queue up and
 * then go into the next transaction together (group commit, decision 0050). Each push keeps its own answer and is
 * still applied whole or not at all; one transaction per group saves the commit, the cursor lock, the device and
 * bucket updates per push, which is what bounds ingest when many devices push at once. `onGroup` sees each
 * transaction's number of pushes (a metric).
 */
export function createPushIngest(db: SqlDb, onGroup?: (pushes: number) => void): (job: PushJob) => Promise<PushResponse> {
  const committer = new GroupCommitter<PushJob, PushResponse>(
    (operatorId, jobs) => {
      onGroup?.(jobs.length);
      return pushGroupTx(db, operatorId, jobs);
    },
    (job) => job.request.commands.length,
  );
  return (job) => committer.submit(job.operatorId, job);
}

/**
 * One transaction for a group of pushes. A push refused by its own checks (unknown or revoked device, seq gap,
 * replay) is refused before it writes anything but its request id, so the others go on; any other failure rolls the
 * transaction back and the committer retries each push alone.
 */
function pushGroupTx(db: SqlDb, operatorId: string, jobs: PushJob[]): Promise<Outcome<PushResponse>[]> {
  return db.tx(async (tx) => {
    const log = await ChangeLog.open(tx, operatorId);
    if (!log) return jobs.map(() => ({ error: new SyncError('not_found', 404) }));
    const group = new PushGroup(operatorId, log, log.reading(tx));
    await group.load(jobs);
    const outcomes: Outcome<PushResponse>[] = new Array(jobs.length);
    for (const i of applyOrder(jobs)) {
      try {
        outcomes[i] = { value: await group.apply(jobs[i]) };
      } catch (err) {
        if (!(err instanceof SyncError)) throw err;
        outcomes[i] = { error: err };
      }
    }
    await group.save();
    return outcomes;
  });
}

/** A device's batches in seq order, so one that overtook another on the wire still lands in the same group. */
function applyOrder(jobs: PushJob[]): number[] {
  const arrival = new Map<string, number>();
  jobs.forEach((job, i) => arrival.set(job.deviceId, arrival.get(job.deviceId) ?? i));
  const firstSeq = jobs.map((job) => Math.min(...job.request.commands.map((c) => c.seq)));
  return jobs.map((_, i) => i).sort((a, b) => arrival.get(jobs[a].deviceId)! - arrival.get(jobs[b].deviceId)! || firstSeq[a] - firstSeq[b]);
}

/**
 * The state of one group transaction: the devices (read once, locked on PostgreSQL, their last seq and contact facts
 * kept in memory and written once), the request ids (inserted once), the actors already checked. On PostgreSQL
 * every statement is a round trip under the operator's lock, so the per-push statements are per-group here.
 */
class PushGroup {
  private devices = new Map<string, DeviceRecord>();
  private fresh = new Set<string>();
  private readonly touched = new Set<DeviceRecord>();
  private readonly actors = new ActorChecks();
  /** (device, seq) → command id of every command this group answered for the first time, written once in save(). */
  private readonly applied: Param[][] = [];
  /** Command ids answered in this group, before `save` writes them: the same signed id twice in one group is applied once. */
  private readonly appliedIds = new Set<string>();

  constructor(
    private readonly operatorId: string,
    private readonly log: ChangeLog,
    private readonly q: Queryable,
  ) {}

  async load(jobs: PushJob[]): Promise<void> {
    this.devices = await findDevices(this.q, this.operatorId, jobs.map((j) => j.deviceId), true);
    // Request ids first: a replay is known before anything is applied. Ids of a refused push stay used, as a retry
    // always comes with a new id.
    const seen = new Set<string>();
    const rows: Param[][] = [];
    for (const job of jobs) {
      const key = requestKey(job.deviceId, job.requestId);
      if (this.devices.has(job.deviceId) && !seen.has(key)) rows.push([this.operatorId, job.deviceId, job.requestId, job.contact.now]);
      seen.add(key);
    }
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      const inserted = await this.q.all<{ device_id: string; request_id: string }>(
        `INSERT INTO seen_requests (operator_id, device_id, request_id, at) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}
         ON CONFLICT DO NOTHING RETURNING device_id, request_id`,
        part.flat(),
      );
      for (const r of inserted) this.fresh.add(requestKey(r.device_id, r.request_id));
    }
  }

  /** Every SyncError here is thrown before the push's first write (see pushGroupTx). */
  async apply(job: PushJob): Promise<PushResponse> {
    const device = this.devices.get(job.deviceId);
    if (!device) throw new SyncError('unauthenticated', 401);
    if (device.revoked_at) throw new SyncError('revoked', 403);
    // Used once: the second use of an id (later in this group, or in any later request) is a replay.
    if (!this.fresh.delete(requestKey(job.deviceId, job.requestId))) throw new SyncError('replayed', 409);
    const commands = [...job.request.commands].sort((a, b) => a.seq - b.seq);
    checkNoGap(commands.map((c) => c.seq), device.last_seq);
    noteContact(device, job.contact);
    this.touched.add(device);
    const ctx: PushContext = { now: job.contact.now, clockOffsetMs: job.contact.clockOffsetMs };
    const known = await this.knownCommands(device, commands.filter((c) => c.seq <= device.last_seq).map((c) => c.seq));
    const results: PushResult[] = [];
    for (const cmd of commands) {
      if (cmd.seq > device.last_seq) continue;
      const k = known.get(cmd.seq);
      if (answerForKnownSeq(k?.commandId, cmd.id) === 'diverged') results.push({ seq: cmd.seq, status: 'diverged' });
    }
    // Another copy of this device used these seqs: nothing of this push is applied (the device keeps every command and
    // re-attaches); the answers say which seqs diverged.
    if (results.length) return { hqTime: ctx.now, lastSeq: device.last_seq, results };
    // By command id: a re-attached device's re-sends, and any signed staff command — its proof names no seq
    // (decision 0072), so the id is what stops the same signature from being applied twice.
    const byId = commands.filter((c) => c.seq > device.last_seq && (device.replaces || c.proof));
    const earlier = byId.length ? await this.byCommandId(byId) : new Map<string, KnownCommand>();
    for (const cmd of commands) {
      if (cmd.seq <= device.last_seq) {
        // A re-sent command HQ had rejected gets its rejection again: the first answer may never have arrived.
        const reason = known.get(cmd.seq)?.reason;
        results.push(reason ? { seq: cmd.seq, status: 'rejected', reason, revert: await revertImages(this.q, device, cmd) } : { seq: cmd.seq, status: 'duplicate' });
        continue;
      }
      const before = cmd.id ? (earlier.get(cmd.id) ?? (cmd.proof && this.appliedIds.has(cmd.id) ? { commandId: cmd.id } : undefined)) : undefined;
      let result: PushResult;
      if (before) {
        // Applied (or rejected) under an earlier identity of this device: answered again, never applied twice.
        result = before.reason ? { seq: cmd.seq, status: 'rejected', reason: before.reason, revert: await revertImages(this.q, device, cmd) } : { seq: cmd.seq, status: 'duplicate' };
        this.record(device, cmd, 'duplicate', ctx.now);
      } else {
        result = await applyOne(this.q, device, this.log, cmd, ctx, this.actors);
        this.record(device, cmd, result.status, ctx.now);
      }
      results.push(result);
      device.last_seq = cmd.seq;
    }
    return { hqTime: ctx.now, lastSeq: device.last_seq, results };
  }

  private record(device: DeviceRecord, cmd: QueuedCommand, outcome: string, now: number): void {
    if (!cmd.id) return;
    this.applied.push([this.operatorId, device.device_id, cmd.seq, cmd.id, outcome, now]);
    this.appliedIds.add(cmd.id);
  }

  /** Command ids and reasons HQ stored for seqs it already applied for this device. */
  private async knownCommands(device: DeviceRecord, seqs: number[]): Promise<Map<number, KnownCommand>> {
    const known = new Map<number, KnownCommand>();
    if (seqs.length === 0) return known;
    const range = [device.operator_id, device.device_id, Math.min(...seqs), Math.max(...seqs)];
    const ids = await this.q.all<{ seq: number; command_id: string }>(
      `SELECT seq, command_id FROM applied_commands WHERE operator_id = ? AND device_id = ? AND seq >= ? AND seq <= ?`,
      range,
    );
    for (const r of ids) known.set(Number(r.seq), { commandId: r.command_id });
    const rejected = await this.q.all<{ seq: number; command_id: string; reason: string }>(
      `SELECT seq, command_id, reason FROM rejections WHERE operator_id = ? AND device_id = ? AND seq >= ? AND seq <= ?`,
      range,
    );
    for (const r of rejected) known.set(Number(r.seq), { commandId: r.command_id || known.get(Number(r.seq))?.commandId || null, reason: JSON.parse(r.reason) as RejectionReason });
    return known;
  }

  /** Commands of this operator already answered under another identity, by id (a re-attached device's re-sends). */
  private async byCommandId(commands: QueuedCommand[]): Promise<Map<string, KnownCommand>> {
    const found = new Map<string, KnownCommand>();
    const ids = commands.map((c) => c.id).filter((x): x is string => !!x);
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await this.q.all<{ device_id: string; seq: number; command_id: string; outcome: string }>(
        `SELECT device_id, seq, command_id, outcome FROM applied_commands WHERE operator_id = ? AND command_id IN (${part.map(() => '?').join(', ')}) AND outcome <> 'duplicate'`,
        [this.operatorId, ...part],
      );
      for (const r of rows) {
        let reason: RejectionReason | undefined;
        if (r.outcome === 'rejected') {
          const rej = await this.q.all<{ reason: string }>('SELECT reason FROM rejections WHERE operator_id = ? AND device_id = ? AND seq = ?', [this.operatorId, r.device_id, r.seq]);
          if (rej[0]) reason = JSON.parse(rej[0].reason) as RejectionReason;
        }
        found.set(r.command_id, { commandId: r.command_id, reason });
      }
    }
    return found;
  }

  async save(): Promise<void> {
    await this.log.flush(this.q);
    for (let i = 0; i < this.applied.length; i += 400) {
      const part = this.applied.slice(i, i + 400);
      await this.q.run(
        `INSERT INTO applied_commands (operator_id, device_id, seq, command_id, outcome, at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        part.flat(),
      );
    }
    await saveDevices(this.q, this.operatorId, [...this.touched]);
  }
}

interface KnownCommand {
  commandId: string | null;
  reason?: RejectionReason;
}

function requestKey(deviceId: string, requestId: string): string {
  return `${deviceId}\u0000${requestId}`;
}

/** The new commands of a push must continue the device's queue without a hole (sorted seqs). */
function checkNoGap(seqs: number[], lastSeq: number): void {
  let expected = lastSeq + 1;
  for (const seq of seqs) {
    if (seq < expected) continue; // already applied: answered as a duplicate
    if (seq !== expected) throw new SyncError('seq_gap', 409, { expectedSeq: expected });
    expected += 1;
  }
}
