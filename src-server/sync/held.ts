// Commands held for an HQ that did not know them (rule 8) are applied once it does: at start after an upgrade.
import type { PushRequest, QueuedCommand } from '../../src-shared/sync/protocol';
import { getCommand } from '../../src-shared/commands/registry';
import { ChangeLog } from '../store/entities';
import type { Queryable, SqlDb } from '../store/sql';
import { ActorChecks, applyOne } from './apply-command';
import { findDevice } from './devices';
import { SyncError } from './errors';
import { recordLateRejection } from './late-rejections';

/**
 * Held commands run under the same checks as a push; a permanent refusal is recorded like any other rejection and
 * queued to reach the device with its pulls (late-rejections.ts).
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
      const result = await applyOne(q, device, log, cmd, { now, clockOffsetMs: null }, new ActorChecks());
      // The device was told "held": a rejection now must travel back to it (with its next pulls).
      if (result.status === 'rejected') await recordLateRejection(q, h.operator_id, h.device_id, h.seq, now);
      await log.flush(q);
      await q.run('UPDATE held_commands SET released_at = ? WHERE operator_id = ? AND device_id = ? AND seq = ?', [now, h.operator_id, h.device_id, h.seq]);
    });
    released += 1;
  }
  return released;
}

/** What HQ keeps of one device's commands it does not know yet, until an upgrade releases them (decision 0077). */
export const HELD_LIMIT = { commands: 2000, bytes: 16 * 1024 * 1024 };

/**
 * Refuses a push whose unknown commands would take the device past its held allowance, before anything is written:
 * the device's queue halts (nothing is lost) until HQ is upgraded and knows them — so a device cannot fill HQ's disk.
 */
export async function assertHeldRoom(db: Queryable, device: { operator_id: string; device_id: string; last_seq: number }, request: PushRequest): Promise<void> {
  // A resent batch's commands at or below the applied seq are answered again, not held again.
  const unknown = request.commands.filter((c) => c.seq > Number(device.last_seq) && !getCommand(c.name));
  if (unknown.length === 0) return;
  const bytes = unknown.reduce((n, c) => n + JSON.stringify(c).length, 0);
  if (unknown.length > HELD_LIMIT.commands || bytes > HELD_LIMIT.bytes) throw new SyncError('hq_too_old', 426);
  const lengthSql = db.dialect === 'sqlite' ? 'length(command)' : 'octet_length(command)';
  const [held] = await db.all<{ n: number; bytes: number | null }>(
    `SELECT count(*) AS n, sum(${lengthSql}) AS bytes FROM held_commands WHERE operator_id = ? AND device_id = ? AND released_at IS NULL`,
    [device.operator_id, device.device_id],
  );
  if (Number(held?.n ?? 0) + unknown.length > HELD_LIMIT.commands || Number(held?.bytes ?? 0) + bytes > HELD_LIMIT.bytes) throw new SyncError('hq_too_old', 426);
}
