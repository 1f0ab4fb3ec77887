// Applies a device's queued commands (DESIGN.md rule 3): the same pure rules as the device, re-checked actor and
// scope, effects and the device's new last seq in ONE transaction. Duplicates are skipped, gaps refused, unknown
// commands from a newer client held, permanent rejections recorded with their reason (and the queue advances).
import type { CommandActor, CommandMeta } from '../../src-shared/commands/define';
import { getCommand } from '../../src-shared/commands/registry';
import { syncedTables } from '../../src-shared/sync/registry';
import { AppError } from '../../src-shared/core/errors';
import { hlcWallMs } from '../../src-shared/core/hlc';
import type { PushRequest, PushResponse, PushResult, QueuedCommand, RejectionReason, RowImage } from '../../src-shared/sync/protocol';
import { ChangeLog, loadEntity, prepareEffects, runWithReader } from '../store/entities';
import type { Queryable, SqlDb } from '../store/sql';
import { findDevice, type DeviceRecord } from './devices';
import { bucketsForDevice, mayWrite } from './scopes';
import { SyncError } from './errors';

/** Errors a rule raises on purpose: they will never succeed on retry, so the command is rejected, not halted. */
const permanentCodes = new Set(['rejected', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'month_closed', 'unknown_procedure']);

export interface PushContext {
  now: number;
  clockOffsetMs: number | null;
}

/**
 * On PostgreSQL an operator's pushes serialize on its cursor row lock (FOR UPDATE in ChangeLog.open). Queued here
 * first, a waiting push does not park a pooled connection in a lock wait: with many devices pushing at once the
 * parked connections starved the pool and every other statement queued behind them. The row lock stays the guard
 * (several HQ processes); this only orders the waiting inside one process.
 */
const pushQueues = new WeakMap<SqlDb, Map<string, Promise<unknown>>>();

async function inOperatorQueue<T>(db: SqlDb, deviceId: string, fn: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'pg') return fn(); // SQLite already runs one transaction at a time
  const operatorId = (await findDevice(db, deviceId))?.operator_id;
  if (!operatorId) return fn();
  let queues = pushQueues.get(db);
  if (!queues) {
    queues = new Map();
    pushQueues.set(db, queues);
  }
  const run = (queues.get(operatorId) ?? Promise.resolve()).then(fn);
  const tail = run.catch(() => undefined);
  queues.set(operatorId, tail);
  void tail.then(() => {
    if (queues.get(operatorId) === tail) queues.delete(operatorId);
  });
  return run;
}

export async function pushCommands(db: SqlDb, deviceId: string, request: PushRequest, ctx: PushContext): Promise<PushResponse> {
  return inOperatorQueue(db, deviceId, () => pushTx(db, deviceId, request, ctx));
}

function pushTx(db: SqlDb, deviceId: string, request: PushRequest, ctx: PushContext): Promise<PushResponse> {
  return db.tx(async (tx) => {
    const device = await findDevice(tx, deviceId, true);
    if (!device) throw new SyncError('unauthenticated', 401);
    if (device.revoked_at) throw new SyncError('revoked', 403);
    const log = await ChangeLog.open(tx, device.operator_id);
    if (!log) throw new SyncError('not_found', 404);
    // Effect writes are batched into multi-row statements; every statement through `q` applies them first.
    const q = log.reading(tx);
    const commands = [...request.commands].sort((a, b) => a.seq - b.seq);
    let last = device.last_seq;
    const results: PushResult[] = [];
    const checkedActors = new Set<string>();
    // A re-sent command HQ had rejected gets its rejection again: the first answer may never have arrived.
    const dupSeqs = commands.filter((c) => c.seq <= last).map((c) => c.seq);
    const earlier = new Map<number, RejectionReason>();
    if (dupSeqs.length) {
      const rows = await q.all<{ seq: number; reason: string }>(
        `SELECT seq, reason FROM rejections WHERE operator_id = ? AND device_id = ? AND seq >= ? AND seq <= ?`,
        [device.operator_id, device.device_id, Math.min(...dupSeqs), Math.max(...dupSeqs)],
      );
      for (const r of rows) earlier.set(Number(r.seq), JSON.parse(r.reason) as RejectionReason);
    }
    for (const cmd of commands) {
      if (cmd.seq <= last) {
        const reason = earlier.get(cmd.seq);
        results.push(reason ? { seq: cmd.seq, status: 'rejected', reason, revert: await revertImages(q, device, cmd) } : { seq: cmd.seq, status: 'duplicate' });
        continue;
      }
      if (cmd.seq !== last + 1) throw new SyncError('seq_gap', 409, { expectedSeq: last + 1 });
      results.push(await applyOne(q, device, log, cmd, ctx, checkedActors));
      last = cmd.seq;
    }
    await log.flush(q);
    await q.run('UPDATE devices SET last_seq = ? WHERE operator_id = ? AND device_id = ?', [last, device.operator_id, device.device_id]);
    return { hqTime: ctx.now, lastSeq: last, results };
  });
}

async function applyOne(q: Queryable, device: DeviceRecord, log: ChangeLog, cmd: QueuedCommand, ctx: PushContext, checkedActors: Set<string>): Promise<PushResult> {
  const def = getCommand(cmd.name);
  if (!def) {
    // A newer client's command: keep it, apply it once this HQ knows it (rule 8).
    await q.run('INSERT INTO held_commands (operator_id, device_id, seq, command, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      device.operator_id,
      device.device_id,
      cmd.seq,
      JSON.stringify(cmd),
      ctx.now,
    ]);
    return { seq: cmd.seq, status: 'held' };
  }
  try {
    const outcome = await decideAndApply(q, device, log, cmd, ctx, checkedActors);
    return outcome;
  } catch (err) {
    if (err instanceof AppError && permanentCodes.has(err.payload.code)) {
      const reason: RejectionReason = { code: err.payload.code, messageKey: err.payload.messageKey, ...(err.payload.params ? { params: err.payload.params } : {}) };
      await q.run(
        'INSERT INTO rejections (operator_id, device_id, seq, command_id, name, args, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [device.operator_id, device.device_id, cmd.seq, cmd.id ?? '', cmd.name, JSON.stringify(cmd.args ?? null), JSON.stringify(cmd.actor), JSON.stringify(reason), ctx.now],
      );
      return { seq: cmd.seq, status: 'rejected', reason, revert: await revertImages(q, device, cmd) };
    }
    throw err; // temporary: the whole batch rolls back and the device retries later
  }
}

async function decideAndApply(q: Queryable, device: DeviceRecord, log: ChangeLog, cmd: QueuedCommand, ctx: PushContext, checkedActors: Set<string>): Promise<PushResult> {
  const def = getCommand(cmd.name)!;
  const parsed = def.input.safeParse(cmd.args);
  if (!parsed.success) throw new AppError('invalid_input', 'errors.invalidInput');
  const actor = cmd.actor as CommandActor;
  if (!def.roles.includes(actor.role)) throw new AppError('forbidden', 'errors.forbidden');
  // Within one batch an actor is checked once, unless a command of the batch changed people (rare).
  const actorKey = `${actor.role}/${actor.staffId ?? ''}/${actor.workerId ?? ''}`;
  if (!checkedActors.has(actorKey)) {
    await checkActor(q, device, actor);
    checkedActors.add(actorKey);
  }
  const meta: CommandMeta = {
    operatorId: device.operator_id,
    deviceId: device.device_id,
    siteId: device.site_id,
    hlc: cmd.hlc,
    deviceTime: cmd.deviceTime ?? hlcWallMs(cmd.hlc),
    hqReceivedAt: ctx.now,
    clockOffsetMs: ctx.clockOffsetMs,
  };
  const effects = await runWithReader(q, device.operator_id, (reader) => def.decide({ reader, actor, meta }, parsed.data));
  const writes = await prepareEffects(q, device.operator_id, effects, cmd.hlc);
  for (const w of writes) {
    if (!(await mayWrite(q, device, w))) throw new AppError('forbidden', 'sync.errors.outOfScope');
  }
  for (const w of writes) await log.write(q, w, ctx.now, device.device_id);
  if (writes.some((w) => w.tbl === 'staff' || w.tbl === 'workers')) checkedActors.clear();
  return { seq: cmd.seq, status: 'applied' };
}

/** HQ re-checks who ran the command: the person exists in this operator, has that role and fits the device. */
async function checkActor(q: Queryable, device: DeviceRecord, actor: CommandActor): Promise<void> {
  const refuse = (): never => {
    throw new AppError('forbidden', 'sync.errors.actorRefused');
  };
  if (actor.role === 'kiosk') {
    // The shared center PC itself, possibly naming the worker who stood at it (a punch at the kiosk).
    if (device.kind !== 'center' || actor.staffId) refuse();
    if (actor.workerId) {
      const worker = await loadEntity(q, device.operator_id, 'workers', actor.workerId);
      if (!worker || worker.data.active === false) refuse();
    }
    return;
  }
  if (actor.staffId) {
    const staff = await loadEntity(q, device.operator_id, 'staff', actor.staffId);
    if (!staff) {
      // The device that brought the operator to HQ pushes its setup commands before the first staff row exists.
      const anyStaff = await q.all('SELECT 1 AS x FROM entities WHERE operator_id = ? AND tbl = ? LIMIT 1', [device.operator_id, 'staff']);
      if (device.bootstrap && anyStaff.length === 0 && actor.role === 'admin') return;
      refuse();
    }
    if (staff!.data.role !== actor.role || staff!.data.active === false) refuse();
    return;
  }
  if (actor.workerId) {
    const worker = await loadEntity(q, device.operator_id, 'workers', actor.workerId);
    if (!worker || worker.data.role !== actor.role || worker.data.active === false) refuse();
    if (device.kind === 'loaned' && device.worker_id !== actor.workerId) refuse();
    return;
  }
  refuse();
}

/** HQ's version of the rows a rejected command touched, limited to what the device may see (null = remove). */
async function revertImages(q: Queryable, device: DeviceRecord, cmd: QueuedCommand): Promise<RowImage[]> {
  const visible = new Set(await bucketsForDevice(q, device));
  const images: RowImage[] = [];
  for (const t of cmd.touches) {
    const e = await loadEntity(q, device.operator_id, t.tbl, t.id);
    const spec = syncedTables[t.tbl];
    const seen = e && spec ? spec.buckets(e.data).some((b) => visible.has(b)) : false;
    images.push({ tbl: t.tbl, id: t.id, hlc: e?.hlc ?? '', data: seen && e ? e.data : null });
  }
  return images;
}

/**
 * Commands held for an HQ that did not know them (rule 8) are applied once it does — at start after an upgrade.
 * They run under the same checks; a permanent refusal is recorded like any other rejection.
 */
export async function releaseHeld(db: SqlDb, now: number): Promise<number> {
  const held = await db.all<{ operator_id: string; device_id: string; seq: number; command: string }>(
    'SELECT operator_id, device_id, seq, command FROM held_commands WHERE released_at IS NULL ORDER BY operator_id, device_id, seq',
  );
  let released = 0;
  for (const h of held) {
    const cmd = JSON.parse(h.command) as QueuedCommand;
    if (!getCommand(cmd.name)) continue;
    await db.tx(async (tx) => {
      const device = await findDevice(tx, h.device_id, true);
      const log = await ChangeLog.open(tx, h.operator_id);
      if (!device || !log) return;
      const q = log.reading(tx);
      await applyOne(q, device, log, cmd, { now, clockOffsetMs: null }, new Set());
      await log.flush(q);
      await q.run('UPDATE held_commands SET released_at = ? WHERE operator_id = ? AND device_id = ? AND seq = ?', [now, h.operator_id, h.device_id, h.seq]);
    });
    released += 1;
  }
  return released;
}
