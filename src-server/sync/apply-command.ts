// Applies one queued command at HQ (DESIGN.md rule 3): the same pure rule as on the device, with the actor and the
// scope re-checked here. A rule's deliberate refusal becomes a recorded rejection with HQ's version of the touched
// rows; an unknown command (a newer client's) is held; anything else is temporary and fails the transaction.
import type { CommandActor, CommandMeta, Effect } from '../../src-shared/commands/define';
import { getCommand } from '../../src-shared/commands/registry';
import { insertsHash } from '../../src-shared/sync/checksum';
import { syncedTables } from '../../src-shared/sync/registry';
import { AppError } from '../../src-shared/core/errors';
import { boundHlc, boundTime } from '../../src-shared/core/clock-bounds';
import type { PushResult, QueuedCommand, RejectionReason, RowImage } from '../../src-shared/sync/protocol';
import { commandProofValid, firstKeys, retireKey, retiredKeys, staffPublicKey, type RetiredKey } from '../auth/proofs';
import { compareHlc, hlcWallMs } from '../../src-shared/core/hlc';
import { loadEntity, prepareEffects, runWithReader, type ChangeLog, type Entity } from '../store/entities';
import type { Queryable } from '../store/sql';
import type { DeviceRecord } from './devices';
import { bucketsForDevice, isOfficeDevice, mayWrite } from './scopes';
import { outsideSiteCeiling } from '../../src-shared/sync/ceilings';

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
  await actors.check(q, device, actor, isPreAttachHistory(device, cmd.seq));
  // Device ceiling: a loaned PC runs only what a plain worker may run (decision 0073).
  if (device.kind === 'loaned' && !def.roles.includes('worker')) throw new AppError('forbidden', 'sync.errors.deviceCeiling');
  if (actor.staffId) await actors.prove(q, device, cmd);
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
  const rotating = ownPasswordChange(cmd) ? await staffPublicKey(q, device.operator_id, actor.staffId!) : null;
  const effects = await runWithReader(q, device.operator_id, (reader) => def.decide({ reader, actor, meta }, parsed.data), log.rows);
  if (await changesOwnSiteKind(q, device, effects)) throw new AppError('forbidden', 'sync.errors.deviceCeiling');
  const writes = await prepareEffects(q, device.operator_id, effects, hlc);
  for (const w of writes) {
    if (!(await mayWrite(q, device, w))) throw new AppError('forbidden', 'sync.errors.outOfScope');
  }
  // The device already holds its inserted rows — unless HQ's run made them differently (a receive-time stamp, a punch
  // time moved by HQ's state): then they go back to it in its next pull (decision 0063). Older clients send no
  // fingerprint: they get every insert back, or HQ's stamps on their own punches would never reach them (the fault
  // simulation found a version-behind loaned PC holding its punch without HQ's receive time for good).
  // Protocol 3 sends the hash's low 16 bits: a rare difference missed here is still caught by the bucket checksums.
  const ours = cmd.insertsHash === undefined && cmd.insertsHash16 === undefined ? null : insertsHash(writes.filter((w) => w.op === 'insert').map((w) => ({ tbl: w.tbl, id: w.id, hlc: w.hlc, data: w.data })));
  const same = ours !== null && (cmd.insertsHash16 !== undefined ? (ours & 0xffff) === cmd.insertsHash16 : cmd.insertsHash === ours);
  for (const w of writes) await log.write(q, w, ctx.now, same ? device.device_id : null);
  const newKey = (cmd.args as { publicKey?: string }).publicKey;
  if (rotating && newKey && rotating !== newKey) await retireKey(q, device.operator_id, actor.staffId!, { publicKey: rotating, beforeHlc: hlc });
  if (writes.some((w) => w.tbl === 'staff' || w.tbl === 'workers' || w.tbl === 'credentials')) actors.forget();
  return { seq: cmd.seq, status: 'applied' };
}

/** A staff member setting their own password (and with it a new key): the old key is retired, not revoked. */
function ownPasswordChange(cmd: QueuedCommand): boolean {
  const args = cmd.args as { id?: unknown; subjectType?: unknown };
  return cmd.name === 'people.setCredential' && args.subjectType === 'staff' && !!cmd.actor.staffId && args.id === cmd.actor.staffId;
}

/**
 * No device changes its own scope (decision 0073): the kind of the site a center PC is enrolled for decides whether
 * it is an office device holding every site, so a command from that PC may not change it — even a signed admin's;
 * it is changed from another device (the office, or HQ staff). Kind, site and worker of a device live only in HQ's
 * device registry, which no command reaches.
 */
async function changesOwnSiteKind(q: Queryable, device: DeviceRecord, effects: Effect[]): Promise<boolean> {
  if (!device.site_id) return false;
  for (const e of effects) {
    if (e.table !== 'sites') continue;
    const id = e.op === 'patch' ? e.id : e.row.id;
    if (id !== device.site_id) continue;
    const kind = e.op === 'patch' ? e.fields.kind : e.row.kind;
    if (kind === undefined) continue;
    // Creating it is not changing it: the operator's first device creates its own site.
    const site = await loadEntity(q, device.operator_id, 'sites', id);
    if (site && site.data.kind !== kind) return true;
  }
  return false;
}

/**
 * HQ re-checks who ran each command: the person exists in this operator, has that role and fits the device. Within
 * one transaction a (device, actor) pair is checked once and people rows are read once, until a command of the
 * transaction changes people (rare).
 */
export class ActorChecks {
  private readonly passed = new Set<string>();
  private readonly people = new Map<string, Entity | undefined>();
  private readonly keys = new Map<string, string | null>();
  private readonly firstKeys = new Map<string, Record<string, string>>();
  private readonly chains = new Map<string, string[]>();
  private readonly retiredByStaff = new Map<string, RetiredKey[]>();

  forget(): void {
    this.passed.clear();
    this.people.clear();
    this.keys.clear();
    this.chains.clear();
    this.retiredByStaff.clear();
  }

  async check(q: Queryable, device: DeviceRecord, actor: CommandActor, preAttach = false): Promise<void> {
    const key = `${device.device_id}/${actor.role}/${actor.staffId ?? ''}/${actor.workerId ?? ''}/${preAttach ? 'h' : ''}`;
    if (this.passed.has(key)) return;
    await this.verify(q, device, actor, preAttach);
    this.passed.add(key);
  }

  /**
   * A staff command must be signed by that person's key as HQ knows it (decision 0072). Checked per command. A device
   * that re-attached under a fresh identity re-sends what it signed under its earlier ones (replica.ts): those verify.
   */
  async prove(q: Queryable, device: DeviceRecord, cmd: QueuedCommand): Promise<void> {
    const staffId = cmd.actor.staffId!;
    let publicKey = this.keys.get(staffId);
    if (publicKey === undefined) {
      publicKey = await staffPublicKey(q, device.operator_id, staffId);
      this.keys.set(staffId, publicKey);
    }
    if (cmd.id) {
      const valid = async (key: string) => {
        for (const deviceId of await this.identities(q, device)) {
          if (commandProofValid(key, { deviceId, id: cmd.id!, name: cmd.name, hlc: cmd.hlc, actor: cmd.actor }, cmd.args, cmd.proof)) return true;
        }
        return false;
      };
      if (publicKey && (await valid(publicKey))) return;
      // Signed before the person changed their password (queued elsewhere, or re-sent): their previous key.
      for (const old of await this.retired(q, device.operator_id, staffId)) {
        if (compareHlc(cmd.hlc, old.beforeHlc) < 0 && (await valid(old.publicKey))) return;
      }
    }
    throw new AppError('forbidden', 'sync.errors.actorUnproven');
  }

  private async retired(q: Queryable, operatorId: string, staffId: string): Promise<RetiredKey[]> {
    let keys = this.retiredByStaff.get(staffId);
    if (!keys) {
      keys = await retiredKeys(q, operatorId, staffId);
      this.retiredByStaff.set(staffId, keys);
    }
    return keys;
  }

  /** This device's identity and the ones it re-attached from, newest first (a short chain: one per restore). */
  private async identities(q: Queryable, device: DeviceRecord): Promise<string[]> {
    let chain = this.chains.get(device.device_id);
    if (!chain) {
      chain = [device.device_id];
      let previous = device.replaces;
      while (previous && chain.length < 20 && !chain.includes(previous)) {
        chain.push(previous);
        const rows = await q.all<{ replaces: string | null }>('SELECT replaces FROM devices WHERE operator_id = ? AND device_id = ?', [device.operator_id, previous]);
        previous = rows[0]?.replaces ?? null;
      }
      this.chains.set(device.device_id, chain);
    }
    return chain;
  }

  private async person(q: Queryable, operatorId: string, tbl: 'staff' | 'workers', id: string): Promise<Entity | undefined> {
    const key = `${tbl}/${id}`;
    if (!this.people.has(key)) this.people.set(key, await loadEntity(q, operatorId, tbl, id));
    return this.people.get(key);
  }

  private async declared(q: Queryable, operatorId: string): Promise<Record<string, string>> {
    if (!this.firstKeys.has(operatorId)) this.firstKeys.set(operatorId, await firstKeys(q, operatorId));
    return this.firstKeys.get(operatorId)!;
  }

  private async verify(q: Queryable, device: DeviceRecord, actor: CommandActor, preAttach: boolean): Promise<void> {
    const refuse = (key = 'sync.errors.actorRefused'): never => {
      throw new AppError('forbidden', key);
    };
    // Device ceilings (decisions 0073, 0123): a loaned PC acts only for its own worker; a center PC only for the
    // active workers of its own site — the only ones whose PIN it holds, so the only ones its kiosk can sign in. An
    // office device (the back office, every site's data) may act for any worker, and so may the history the
    // operator's first PC brought with it at attach (made before HQ drew any site's boundary for it).
    const mayActFor = async (workerId: string): Promise<void> => {
      const worker = await this.person(q, device.operator_id, 'workers', workerId);
      if (!worker || worker.data.active === false) refuse();
      if (device.kind === 'loaned' && device.worker_id !== workerId) refuse('sync.errors.deviceCeiling');
      const home = (worker!.data.homeSiteId as string | null | undefined) ?? null;
      // Whether the PC is the back office is read only when the rest of the rule would refuse.
      const outside = outsideSiteCeiling({ kind: device.kind, siteId: device.site_id, isOffice: false, bounded: !preAttach }, home);
      if (outside && !(await isOfficeDevice(q, device))) refuse('sync.errors.deviceCeiling');
    };
    if (actor.role === 'kiosk') {
      // The device itself: a center PC's kiosk, possibly naming the worker who stood at it (a punch at the kiosk), or
      // any PC recording what happened at its sign-in screen (a failed sign-in); a loaned PC names only its worker.
      if (actor.staffId) refuse();
      if (actor.workerId) await mayActFor(actor.workerId);
      return;
    }
    if (actor.staffId) {
      if (device.kind === 'loaned' || actor.workerId) refuse('sync.errors.deviceCeiling');
      const staff = await this.person(q, device.operator_id, 'staff', actor.staffId);
      if (!staff) {
        // The device that brought the operator to HQ pushes its set-up before the first staff row exists: the admin
        // it declared at attach (with their key) may act until their row arrives.
        if (device.bootstrap && actor.role === 'admin' && (await this.declared(q, device.operator_id))[actor.staffId]) return;
        refuse();
      }
      if (staff!.data.role !== actor.role || staff!.data.active === false) refuse();
      return;
    }
    if (actor.workerId) {
      const worker = await this.person(q, device.operator_id, 'workers', actor.workerId);
      if (!worker || worker.data.role !== actor.role || worker.data.active === false) refuse();
      await mayActFor(actor.workerId);
      return;
    }
    refuse();
  }
}

/**
 * The queue the operator's first PC held when it attached (decision 0123): it was made before HQ knew the operator,
 * trusted on first attach like the staff keys it declared. HQ recorded its last seq then; nothing later can join it.
 */
export function isPreAttachHistory(device: DeviceRecord, seq: number): boolean {
  return Boolean(device.bootstrap) && device.history_seq !== null && seq <= device.history_seq;
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

