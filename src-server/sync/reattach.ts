// A device moves to a fresh identity with the credential it already holds (decision 0067). Used when its seq space is
// no longer its own (restored from a backup: HQ answered `diverged` or holds seqs it never issued) or HQ can never fill
// a gap before its queue. Nothing changes but the name it pushes under: the new identity gets exactly the old one's
// operator, kind, site and worker from HQ's registry (never from the request), the old one stops working, and HQ
// deduplicates the commands re-sent under the new one by command id (push.ts). The old credential proves it is the
// same device, so no person has to enrol it again; a retry after a lost answer names the same new id and gets a new
// secret for it.
import type { CredentialResponse } from '../../src-shared/sync/protocol';
import { recordHqAudit } from '../admin/audit';
import type { SqlDb } from '../store/sql';
import { findDevice, hashSecret, insertDevice, newSecret, secretMatches } from './devices';
import { SyncError } from './errors';

export async function reattachDevice(
  db: SqlDb,
  credential: { deviceId: string; secret: string },
  input: { deviceId: string; reason: string; startSeq: number },
  now: number,
  requestId: string | null,
): Promise<CredentialResponse> {
  return db.tx(async (q) => {
    const old = await findDevice(q, credential.deviceId, true);
    if (!old || !secretMatches(credential.secret, old.secret_hash)) throw new SyncError('unauthenticated', 401);
    const secret = newSecret();
    const answer = { deviceId: input.deviceId, secret, operatorId: old.operator_id, kind: old.kind, siteId: old.site_id, workerId: old.worker_id };
    if (old.replaced_by) {
      // The first answer was lost: the same new identity again, with a fresh secret (HQ keeps only hashes).
      if (old.replaced_by !== input.deviceId) throw new SyncError('revoked', 403);
      await q.run('UPDATE devices SET secret_hash = ? WHERE operator_id = ? AND device_id = ?', [hashSecret(secret), old.operator_id, input.deviceId]);
      return answer;
    }
    if (old.revoked_at) throw new SyncError('revoked', 403);
    if (await findDevice(q, input.deviceId)) throw new SyncError('malformed', 400);
    await insertDevice(q, {
      operatorId: old.operator_id,
      deviceId: input.deviceId,
      kind: old.kind,
      siteId: old.site_id,
      workerId: old.worker_id,
      secretHash: hashSecret(secret),
      now,
      bootstrap: !!old.bootstrap,
      replaces: old.device_id,
      lastSeq: input.startSeq - 1,
    });
    await q.run('UPDATE devices SET replaced_by = ?, revoked_at = ? WHERE operator_id = ? AND device_id = ?', [input.deviceId, now, old.operator_id, old.device_id]);
    await recordHqAudit(q, {
      operatorId: old.operator_id,
      at: now,
      action: 'device.reattached',
      actor: `device:${old.device_id}`,
      requestId,
      target: input.deviceId,
      details: { reason: input.reason, from: old.device_id, lastSeq: old.last_seq },
    });
    return answer;
  });
}
