// Commands held for an HQ that did not know them (rule 8) are applied once it does: at start after an upgrade.
import type { QueuedCommand } from '../../src-shared/sync/protocol';
import { getCommand } from '../../src-shared/commands/registry';
import { ChangeLog } from '../store/entities';
import type { SqlDb } from '../store/sql';
import { ActorChecks, applyOne } from './apply-command';
import { findDevice } from './devices';
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
