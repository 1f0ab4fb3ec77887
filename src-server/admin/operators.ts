// Bringing operators to HQ. The first start prints a bootstrap code for the first operator; a cooperative adds more
// operators with one-time, expiring attach codes that only HQ staff can make (the admin token, or the command line
// on the HQ machine). The device that uses a code brings its operator's data to HQ as its first push.
import type { CredentialResponse } from '../../src-shared/sync/protocol';
import type { SqlDb } from '../store/sql';
import { hashSecret, insertDevice, newSecret } from '../sync/devices';
import { SyncError } from '../sync/errors';
import { saveFirstKeys } from '../auth/proofs';
import { HQ_LEVEL, recordHqAudit } from './audit';
import { codeHash, HQ_STAFF, newCode, setting, type AuditBy } from './enrollment';

export async function createOperatorCode(db: SqlDb, ttlMinutes: number, now: number, by: AuditBy = HQ_STAFF): Promise<{ code: string; expiresAt: number }> {
  const code = newCode();
  const expiresAt = now + ttlMinutes * 60_000;
  await db.tx(async (q) => {
    await q.run('INSERT INTO operator_codes (code_hash, expires_at, created_at) VALUES (?, ?, ?)', [codeHash(code), expiresAt, now]);
    await recordHqAudit(q, { operatorId: HQ_LEVEL, at: now, action: 'operator.code_created', ...by, target: null, details: { expiresAt } });
  });
  return { code, expiresAt };
}

export async function attachOperator(
  db: SqlDb,
  input: { code: string; deviceId: string; operatorId: string; kind: 'center' | 'loaned'; siteId: string | null; workerId: string | null; staffKeys?: Record<string, string>; historySeq?: number },
  now: number,
  by: { requestId?: string | null } = {},
): Promise<CredentialResponse> {
  const hash = codeHash(input.code);
  return db.tx(async (q) => {
    // The bootstrap code works once and only until its expiry (a restart without operators prints a fresh one).
    const bootstrap = (await setting(q, 'bootstrap_code_hash')) === hash && Number(await setting(q, 'bootstrap_code_expires')) >= now;
    const issued = bootstrap
      ? 0
      : await q.run('UPDATE operator_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at >= ?', [now, input.operatorId, hash, now]);
    if (!bootstrap && issued !== 1) throw new SyncError('code_invalid', 400);
    // A code brings a new operator; it never reaches into one HQ already holds.
    if ((await q.all('SELECT 1 AS x FROM operators_state WHERE operator_id = ?', [input.operatorId])).length) throw new SyncError('forbidden', 403);
    if ((await q.all('SELECT 1 AS x FROM devices WHERE device_id = ?', [input.deviceId])).length) throw new SyncError('code_invalid', 400);
    if (bootstrap) await q.run('DELETE FROM hq_settings WHERE key = ?', ['bootstrap_code_hash']);
    await q.run('INSERT INTO operators_state (operator_id, last_cursor, created_at) VALUES (?, 0, ?)', [input.operatorId, now]);
    const secret = newSecret();
    const { staffKeys = {}, historySeq = 0, ...device } = input;
    // The queue it brings was made before HQ knew the operator: its last seq bounds that history (decision 0123).
    await insertDevice(q, { ...device, secretHash: hashSecret(secret), now, bootstrap: true, historySeq });
    // Trust on first attach (decision 0072): the staff keys this device's queue was signed with. Recorded below.
    await saveFirstKeys(q, input.operatorId, staffKeys);
    await recordHqAudit(q, {
      operatorId: input.operatorId,
      at: now,
      action: 'operator.attached',
      actor: `device:${input.deviceId}`,
      requestId: by.requestId,
      target: input.deviceId,
      details: {
        kind: input.kind,
        siteId: input.siteId,
        workerId: input.workerId,
        bootstrapCode: bootstrap,
        historySeq,
        // Who HQ trusted on first attach, and a fingerprint of each key (its first 16 characters).
        staffKeys: Object.fromEntries(Object.entries(staffKeys).map(([id, key]) => [id, key.slice(0, 16)])),
      },
    });
    return { deviceId: input.deviceId, secret, operatorId: input.operatorId, kind: input.kind, siteId: input.siteId, workerId: input.workerId };
  });
}
