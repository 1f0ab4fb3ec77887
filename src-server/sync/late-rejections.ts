// A held command (rule 8: a newer client's command this HQ did not know) that HQ rejects once it learns it. The
// device was told "held" long ago and has dropped the command from its queue, so the rejection travels back with
// the device's pulls — with HQ's version of the rows the command touched — until the device confirms it has it
// (rule 3: every permanent rejection reaches a person).
import type { LateRejection, QueuedCommand, RejectionReason } from '../../src-shared/sync/protocol';
import type { Queryable } from '../store/sql';
import { revertImages } from './apply-command';
import type { DeviceRecord } from './devices';

/** Late rejections sent per pull; the rest follow in later pulls. */
const PER_PULL = 100;

export async function recordLateRejection(q: Queryable, operatorId: string, deviceId: string, seq: number, now: number): Promise<void> {
  await q.run('INSERT INTO late_rejections (operator_id, device_id, seq, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [operatorId, deviceId, seq, now]);
}

/** The device's unconfirmed late rejections, oldest first, each with HQ's current version of the rows it touched. */
export async function lateRejectionsFor(q: Queryable, device: DeviceRecord): Promise<LateRejection[]> {
  const rows = await q.all<{ seq: number; command_id: string; name: string; args: string; reason: string; command: string }>(
    `SELECT r.seq, r.command_id, r.name, r.args, r.reason, h.command
     FROM late_rejections l
     JOIN rejections r ON r.operator_id = l.operator_id AND r.device_id = l.device_id AND r.seq = l.seq
     JOIN held_commands h ON h.operator_id = l.operator_id AND h.device_id = l.device_id AND h.seq = l.seq
     WHERE l.operator_id = ? AND l.device_id = ? AND l.acked_at IS NULL
     ORDER BY l.seq LIMIT ${PER_PULL}`,
    [device.operator_id, device.device_id],
  );
  const out: LateRejection[] = [];
  for (const r of rows) {
    const cmd = JSON.parse(r.command) as QueuedCommand;
    out.push({
      seq: Number(r.seq),
      commandId: r.command_id,
      name: r.name,
      args: JSON.parse(r.args) as unknown,
      reason: JSON.parse(r.reason) as RejectionReason,
      revert: await revertImages(q, device, cmd),
    });
  }
  return out;
}

/** The device has stored these rejections for a person to see: stop sending them. */
export async function ackLateRejections(q: Queryable, device: DeviceRecord, seqs: number[], now: number): Promise<void> {
  for (let i = 0; i < seqs.length; i += 500) {
    const part = seqs.slice(i, i + 500);
    await q.run(
      `UPDATE late_rejections SET acked_at = ? WHERE operator_id = ? AND device_id = ? AND acked_at IS NULL AND seq IN (${part.map(() => '?').join(', ')})`,
      [now, device.operator_id, device.device_id, ...part],
    );
  }
}
