// Bootstrap, enrollment codes and revocation. Codes are one-time and expiring; HQ keeps only their hashes.
import { randomInt } from 'node:crypto';
import type { CredentialResponse, DeviceSummary } from '../../src-shared/sync/protocol';
import type { Param, Queryable, SqlDb } from '../store/sql';
import { findDevice, hashSecret, insertDevice, newSecret, type DeviceRecord } from '../sync/devices';
import { SyncError } from '../sync/errors';
import { recordHqAudit } from './audit';

/** Who made a change, for HQ's audit trail. */
export interface AuditBy {
  actor: string;
  requestId?: string | null;
}

/** HQ staff with the admin token (HTTP) or at the HQ machine (command line). */
export const HQ_STAFF: AuditBy = { actor: 'hq-staff' };

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 12 characters a person can read out over the phone, e.g. `K7QM-2XRD-9HFA`. */
export function newCode(): string {
  const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const codeHash = (code: string) => hashSecret(`code:${normalizeCode(code)}`);

export async function setting(db: Queryable, key: string): Promise<string | undefined> {
  return (await db.all<{ value: string }>('SELECT value FROM hq_settings WHERE key = ?', [key]))[0]?.value;
}

async function putSetting(db: SqlDb, key: string, value: string): Promise<void> {
  await db.run('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

export interface BootstrapSecrets {
  bootstrapCode: string | null;
  adminToken: string | null;
}

/**
 * First start with an empty store: a one-time code lets the first (standalone) device bring its operator to HQ, and
 * an admin token authenticates HQ staff from the command line. Both are printed once; only hashes are stored.
 */
export async function prepareBootstrap(db: SqlDb): Promise<BootstrapSecrets> {
  const operators = await db.all('SELECT 1 AS x FROM operators_state LIMIT 1');
  let adminToken: string | null = null;
  if (!(await setting(db, 'admin_token_hash'))) {
    adminToken = newSecret();
    await putSetting(db, 'admin_token_hash', hashSecret(adminToken));
  }
  if (operators.length > 0) return { bootstrapCode: null, adminToken };
  const bootstrapCode = newCode();
  await putSetting(db, 'bootstrap_code_hash', codeHash(bootstrapCode));
  return { bootstrapCode, adminToken };
}

export async function adminTokenValid(db: SqlDb, token: string): Promise<boolean> {
  const hash = await setting(db, 'admin_token_hash');
  return !!hash && hash === hashSecret(token);
}

export async function createEnrollmentCode(
  db: SqlDb,
  input: { operatorId: string; kind: 'center' | 'loaned'; siteId: string | null; workerId: string | null; ttlMinutes: number },
  now: number,
  by: AuditBy = HQ_STAFF,
): Promise<{ code: string; expiresAt: number }> {
  if (input.kind === 'center' ? !input.siteId : !input.workerId) throw new SyncError('malformed', 400);
  return db.tx(async (q) => {
    const known = await q.all('SELECT 1 AS x FROM operators_state WHERE operator_id = ?', [input.operatorId]);
    if (known.length === 0) throw new SyncError('not_found', 404);
    const code = newCode();
    const expiresAt = now + input.ttlMinutes * 60_000;
    const siteId = input.kind === 'center' ? input.siteId : null;
    const workerId = input.kind === 'loaned' ? input.workerId : null;
    await q.run(
      'INSERT INTO enrollment_codes (operator_id, code_hash, kind, site_id, worker_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [input.operatorId, codeHash(code), input.kind, siteId, workerId, expiresAt, now] as Param[],
    );
    await recordHqAudit(q, { operatorId: input.operatorId, at: now, action: 'enrollment.code_created', ...by, target: null, details: { kind: input.kind, siteId, workerId, expiresAt } });
    return { code, expiresAt };
  });
}

export async function enrollDevice(db: SqlDb, input: { code: string; deviceId: string }, now: number, by: { requestId?: string | null } = {}): Promise<CredentialResponse> {
  return db.tx(async (q) => {
    const rows = await q.all<{ operator_id: string; kind: 'center' | 'loaned'; site_id: string | null; worker_id: string | null; expires_at: number; used_at: number | null }>(
      'SELECT operator_id, kind, site_id, worker_id, expires_at, used_at FROM enrollment_codes WHERE code_hash = ?',
      [codeHash(input.code)],
    );
    const c = rows[0];
    if (!c || c.used_at !== null || Number(c.expires_at) < now) throw new SyncError('code_invalid', 400);
    if (await findDevice(q, input.deviceId)) throw new SyncError('code_invalid', 400);
    const used = await q.run('UPDATE enrollment_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL', [now, input.deviceId, codeHash(input.code)]);
    if (used !== 1) throw new SyncError('code_invalid', 400);
    const secret = newSecret();
    await insertDevice(q, { operatorId: c.operator_id, deviceId: input.deviceId, kind: c.kind, siteId: c.site_id, workerId: c.worker_id, secretHash: hashSecret(secret), now, bootstrap: false });
    await recordHqAudit(q, {
      operatorId: c.operator_id,
      at: now,
      action: 'device.enrolled',
      actor: `device:${input.deviceId}`,
      requestId: by.requestId,
      target: input.deviceId,
      details: { kind: c.kind, siteId: c.site_id, workerId: c.worker_id },
    });
    return { deviceId: input.deviceId, secret, operatorId: c.operator_id, kind: c.kind, siteId: c.site_id, workerId: c.worker_id };
  });
}

export async function listDevices(db: SqlDb, operatorId: string): Promise<DeviceSummary[]> {
  const rows = await db.all<DeviceRecord>('SELECT * FROM devices WHERE operator_id = ? ORDER BY created_at', [operatorId]);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((d) => ({
    deviceId: d.device_id,
    kind: d.kind,
    siteId: d.site_id,
    workerId: d.worker_id,
    lastSeq: Number(d.last_seq),
    lastSeen: num(d.last_seen),
    appVersion: d.app_version,
    schemaVersion: num(d.schema_version),
    clockOffsetMs: num(d.clock_offset_ms),
    queued: num(d.queued),
    revokedAt: num(d.revoked_at),
  }));
}

export async function revokeDevice(db: SqlDb, operatorId: string, deviceId: string, now: number, by: AuditBy = HQ_STAFF): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.all<{ revoked_at: number | null }>('SELECT revoked_at FROM devices WHERE operator_id = ? AND device_id = ?', [operatorId, deviceId]);
    if (rows.length === 0) throw new SyncError('not_found', 404);
    if (rows[0].revoked_at !== null) return; // already revoked: the first time stands
    await q.run('UPDATE devices SET revoked_at = ? WHERE operator_id = ? AND device_id = ?', [now, operatorId, deviceId]);
    await recordHqAudit(q, { operatorId, at: now, action: 'device.revoked', ...by, target: deviceId });
  });
}

export async function operatorIds(db: SqlDb): Promise<string[]> {
  return (await db.all<{ operator_id: string }>('SELECT operator_id FROM operators_state ORDER BY created_at')).map((r) => r.operator_id);
}
