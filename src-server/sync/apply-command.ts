// Applies one queued command at HQ (DESIGN.md rule 3): the same pure rule as on the device, with the actor and the
// scope re-checked here. A rule's deliberate refusal becomes a recorded rejection with HQ's version of the touched
// rows; an unknown command (a newer client's) is held; anything else is temporary and fails the transaction.
import type { CommandActor, CommandMeta } from '../../src-shared/commands/define';
import { getCommand } from '../../src-shared/commands/registry';
import { insertsHash } from '../../src-shared/sync/checksum';
import { syncedTables } from '../../src-shared/sync/registry';
import { AppError } from '../../src-shared/core/errors';
import { boundHlc, boundTime } from '../../src-shared/core/clock-bounds';
import { hlcWallMs } from '../../src-shared/core/hlc';
import type { PushResult, QueuedCommand, RejectionReason, RowImage } from '../../src-shared/sync/protocol';
import { loadEntity, prepareEffects, runWithReader, type ChangeLog, type Entity } from '../store/entities';
import type { Queryable } from '../store/sql';
import type { DeviceRecord } from './devices';
import { bucketsForDevice, mayWrite } from './scopes';

/** Errors a rule raises on purpose: they will never succeed on retry, so the command is rejected, not halted. */
const permanentCodes = new Set(['rejected', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'month_closed', 'unknown_procedure']);

export interface PushContext {
  now: number;
  clockOffsetMs: number | null;
}

export async function applyOne(q: Queryable, device: DeviceRecord, log: ChangeLog, cmd: QueuedCommand, ctx: PushContext, actors: ActorChecks): Promise<PushResult> {
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
    const outcome = await decideAndApply(q, device, log, cmd, ctx, actors);
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

async function decideAndApply(q: Queryable, device: DeviceRecord, log: ChangeLog, cmd: QueuedCommand, ctx: PushContext, actors: ActorChecks): Promise<PushResult> {
  const def = getCommand(cmd.name)!;
  const parsed = def.input.safeParse(cmd.args);
  if (!parsed.success) throw new AppError('invalid_input', 'errors.invalidInput');
  const actor = cmd.actor as CommandActor;
  if (!def.roles.includes(actor.role)) throw new AppError('forbidden', 'errors.forbidden');
  await actors.check(q, device, actor);
  // A clock far ahead of HQ's cannot date anything beyond HQ's own time plus the tolerance (decision 0065): a field
  // set with a 2099 HLC would otherwise win every later edit for ever. The rows then differ from the device's copy
  // and go back to it (insertsHash); the measured offset, or this estimate of it, flags the punch.
  const deviceTime = cmd.deviceTime ?? hlcWallMs(cmd.hlc);
  const hlc = boundHlc(cmd.hlc, ctx.now);
  const boundedTime = boundTime(deviceTime, ctx.now);
  const clamped = hlc !== cmd.hlc || boundedTime !== deviceTime;
  const meta: CommandMeta = {
    operatorId: device.operator_id,
    deviceId: device.device_id,
    siteId: device.site_id,
    hlc,
    deviceTime: boundedTime,
    hqReceivedAt: ctx.now,
    clockOffsetMs: ctx.clockOffsetMs ?? (clamped ? ctx.now - deviceTime : null),
  };
  const effects = await runWithReader(q, device.operator_id, (reader) => def.decide({ reader, actor, meta }, parsed.data), log.rows);
  const writes = await prepareEffects(q, device.operator_id, effects, hlc);
  for (const w of writes) {
    if (!(await mayWrite(q, device, w))) throw new AppError('forbidden', 'sync.errors.outOfScope');
  }
  // The device already holds its inserted rows — unless HQ's run made them differently (a receive-time stamp, a punch
  // time moved by HQ's state): then they go back to it in its next pull (decision 0063). Older clients send no
  // fingerprint and get none back, as before.
  const same = cmd.insertsHash === undefined || cmd.insertsHash === insertsHash(writes.filter((w) => w.op === 'insert').map((w) => ({ tbl: w.tbl, id: w.id, hlc: w.hlc, data: w.data })));
  for (const w of writes) await log.write(q, w, ctx.now, same ? device.device_id : null);
  if (writes.some((w) => w.tbl === 'staff' || w.tbl === 'workers')) actors.forget();
  return { seq: cmd.seq, status: 'applied' };
}

/**
 * HQ re-checks who ran each command: the person exists in this operator, has that role and fits the device. Within
 * one transaction a (device, actor) pair is checked once and people rows are read once, until a command of the
 * transaction changes people (rare).
 */
export class ActorChecks {
  private readonly passed = new Set<string>();
  private readonly people = new Map<string, Entity | undefined>();

  forget(): void {
    this.passed.clear();
    this.people.clear();
  }

  async check(q: Queryable, device: DeviceRecord, actor: CommandActor): Promise<void> {
    const key = `${device.device_id}/${actor.role}/${actor.staffId ?? ''}/${actor.workerId ?? ''}`;
    if (this.passed.has(key)) return;
    await this.verify(q, device, actor);
    this.passed.add(key);
  }

  private async person(q: Queryable, operatorId: string, tbl: 'staff' | 'workers', id: string): Promise<Entity | undefined> {
    const key = `${tbl}/${id}`;
    if (!this.people.has(key)) this.people.set(key, await loadEntity(q, operatorId, tbl, id));
    return this.people.get(key);
  }

  private async verify(q: Queryable, device: DeviceRecord, actor: CommandActor): Promise<void> {
    const refuse = (): never => {
      throw new AppError('forbidden', 'sync.errors.actorRefused');
    };
    if (actor.role === 'kiosk') {
      // The shared center PC itself, possibly naming the worker who stood at it (a punch at the kiosk).
      if (device.kind !== 'center' || actor.staffId) refuse();
      if (actor.workerId) {
        const worker = await this.person(q, device.operator_id, 'workers', actor.workerId);
        if (!worker || worker.data.active === false) refuse();
      }
      return;
    }
    if (actor.staffId) {
      const staff = await this.person(q, device.operator_id, 'staff', actor.staffId);
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
      const worker = await this.person(q, device.operator_id, 'workers', actor.workerId);
      if (!worker || worker.data.role !== actor.role || worker.data.active === false) refuse();
      if (device.kind === 'loaned' && device.worker_id !== actor.workerId) refuse();
      return;
    }
    refuse();
  }
}

/** HQ's version of the rows a rejected command touched, limited to what the device may see (null = remove). */
export async function revertImages(q: Queryable, device: DeviceRecord, cmd: QueuedCommand): Promise<RowImage[]> {
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

