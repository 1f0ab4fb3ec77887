// Bootstrap, enrollment codes and revocation. Codes are one-time and expiring; HQ keeps only their hashes.
import { randomInt } from 'node:crypto';
import type { CredentialResponse, DeviceSummary } from '../../src-shared/sync/protocol';
import type { Param, Queryable, SqlDb } from '../store/sql';
import { findDevice, hashSecret, insertDevice, newSecret, secretMatches, type DeviceRecord } from '../sync/devices';
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

/** The code itself: what follows an `@` is HQ's certificate pin (decision 0079), checked by the device, not here. */
export function normalizeCode(code: string): string {
  return code.split('@')[0].toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const codeHash = (code: string) => hashSecret(`code:${normalizeCode(code)}`);

export async function setting(db: Queryable, key: string): Promise<string | undefined> {
  return (await db.all<{ value: string }>('SELECT value FROM hq_settings WHERE key = ?', [key]))[0]?.value;
}

export async function putSetting(db: Queryable, key: string, value: string): Promise<void> {
  await db.run('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

export interface BootstrapSecrets {
  bootstrapCode: string | null;
  /** When the bootstrap code stops working (ms); null with the code. */
  bootstrapExpiresAt: number | null;
  adminToken: string | null;
}

/** How long a bootstrap code works: a fresh one is printed at every start while HQ has no operator. */
export const BOOTSTRAP_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * First start with an empty store: a one-time code lets the first (standalone) device bring its operator to HQ, and
 * an admin token authenticates HQ staff from the command line. Both are printed once; only hashes are stored.
 */
export async function prepareBootstrap(db: SqlDb, now: number): Promise<BootstrapSecrets> {
  const operators = await db.all('SELECT 1 AS x FROM operators_state LIMIT 1');
  let adminToken: string | null = null;
  if (!(await setting(db, 'admin_token_hash'))) adminToken = await rotateToken(db, 'admin_token_hash');
  if (operators.length > 0) return { bootstrapCode: null, bootstrapExpiresAt: null, adminToken };
  const bootstrapCode = newCode();
  const bootstrapExpiresAt = now + BOOTSTRAP_TTL_MS;
  await putSetting(db, 'bootstrap_code_hash', codeHash(bootstrapCode));
  await putSetting(db, 'bootstrap_code_expires', String(bootstrapExpiresAt));
  return { bootstrapCode, bootstrapExpiresAt, adminToken };
}

/** The tokens HQ staff and monitoring present as `Authorization: Bearer …`; HQ keeps only their hashes. */
export type TokenKey = 'admin_token_hash' | 'metrics_token_hash';

/** A new token replaces the old one at once (the old one stops working); returned to be shown once. */
export async function rotateToken(db: Queryable, key: TokenKey): Promise<string> {
  const token = newSecret();
  await putSetting(db, key, hashSecret(token));
  return token;
}

export async function tokenValid(db: Queryable, key: TokenKey, token: string): Promise<boolean> {
  const hash = await setting(db, key);
  return !!hash && secretMatches(token, hash);
}

export const adminTokenValid = (db: Queryable, token: string) => tokenValid(db, 'admin_token_hash', token);

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
    replaces: d.replaces ?? null,
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
