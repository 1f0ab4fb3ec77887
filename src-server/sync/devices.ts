// The device registry at HQ: credentials (only a hash of each per-device secret), scope and health figures.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Param, Queryable } from '../store/sql';

export interface DeviceRecord {
  operator_id: string;
  device_id: string;
  kind: 'center' | 'loaned';
  site_id: string | null;
  worker_id: string | null;
  secret_hash: string;
  last_seq: number;
  last_seen: number | null;
  app_version: string | null;
  schema_version: number | null;
  protocol_version: number | null;
  clock_offset_ms: number | null;
  queued: number | null;
  revoked_at: number | null;
  bootstrap: number;
  /** The identity this device re-attached from (decision 0067): its commands are deduplicated by id across both. */
  replaces: string | null;
  replaced_by: string | null;
  /** The operator's first PC: the last seq of the queue it brought at attach (decision 0123); null for any other. */
  history_seq: number | null;
}

/** Secrets are 32 random bytes: a plain SHA-256 is enough (no dictionary to guess from). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function findDevice(q: Queryable, deviceId: string, lock = false): Promise<DeviceRecord | undefined> {
  const forUpdate = lock && q.dialect === 'pg' ? ' FOR UPDATE' : '';
  const rows = await q.all<DeviceRecord>(`SELECT * FROM devices WHERE device_id = ?${forUpdate}`, [deviceId]);
  const d = rows[0];
  return d ? { ...d, last_seq: Number(d.last_seq), history_seq: d.history_seq === null || d.history_seq === undefined ? null : Number(d.history_seq) } : undefined;
}

export async function insertDevice(
  q: Queryable,
  d: { operatorId: string; deviceId: string; kind: string; siteId: string | null; workerId: string | null; secretHash: string; now: number; bootstrap: boolean; replaces?: string; lastSeq?: number; historySeq?: number },
): Promise<void> {
  await q.run(
    `INSERT INTO devices (operator_id, device_id, kind, site_id, worker_id, secret_hash, last_seq, created_at, bootstrap, replaces, history_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [d.operatorId, d.deviceId, d.kind, d.siteId, d.workerId, d.secretHash, d.lastSeq ?? 0, d.now, d.bootstrap ? 1 : 0, d.replaces ?? null, d.historySeq ?? null] as Param[],
  );
}

export interface ContactFacts {
  now: number;
  appVersion: string | null;
  schemaVersion: number | null;
  protocolVersion: number | null;
  clockOffsetMs: number | null;
  queued: number | null;
}

export async function recordContact(q: Queryable, device: DeviceRecord, facts: ContactFacts): Promise<void> {
  await q.run(
    `UPDATE devices SET last_seen = ?, app_version = ?, schema_version = ?, protocol_version = ?,
       clock_offset_ms = COALESCE(?, clock_offset_ms), queued = COALESCE(?, queued)
     WHERE operator_id = ? AND device_id = ?`,
    [facts.now, facts.appVersion, facts.schemaVersion, facts.protocolVersion, facts.clockOffsetMs, facts.queued, device.operator_id, device.device_id],
  );
}

/** Several devices of one operator in one statement; locked for the transaction on PostgreSQL (a push group). */
export async function findDevices(q: Queryable, operatorId: string, deviceIds: string[], lock = false): Promise<Map<string, DeviceRecord>> {
  const found = new Map<string, DeviceRecord>();
  const ids = [...new Set(deviceIds)];
  const forUpdate = lock && q.dialect === 'pg' ? ' FOR UPDATE' : '';
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await q.all<DeviceRecord>(
      `SELECT * FROM devices WHERE operator_id = ? AND device_id IN (${part.map(() => '?').join(', ')})${forUpdate}`,
      [operatorId, ...part],
    );
    for (const d of rows) found.set(d.device_id, { ...d, last_seq: Number(d.last_seq) });
  }
  return found;
}

/** Applies a request's health facts to the device's record in memory; `saveDevices` writes them. */
export function noteContact(device: DeviceRecord, facts: ContactFacts): void {
  device.last_seen = facts.now;
  device.app_version = facts.appVersion;
  device.schema_version = facts.schemaVersion;
  device.protocol_version = facts.protocolVersion;
  device.clock_offset_ms = facts.clockOffsetMs ?? device.clock_offset_ms;
  device.queued = facts.queued ?? device.queued;
}

/** Writes last seq and contact facts of several devices in one statement (portable: CTE + UPDATE … FROM). */
export async function saveDevices(q: Queryable, operatorId: string, devices: DeviceRecord[]): Promise<void> {
  for (let i = 0; i < devices.length; i += 500) {
    const part = devices.slice(i, i + 500);
    const row = '(CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS BIGINT))';
    const params: Param[] = [];
    for (const d of part) {
      params.push(d.device_id, d.last_seq, d.last_seen, d.app_version, d.schema_version, d.protocol_version, d.clock_offset_ms, d.queued);
    }
    await q.run(
      `WITH v (device_id, last_seq, last_seen, app_version, schema_version, protocol_version, clock_offset_ms, queued) AS (VALUES ${part.map(() => row).join(', ')})
       UPDATE devices SET last_seq = v.last_seq, last_seen = v.last_seen, app_version = v.app_version, schema_version = v.schema_version,
         protocol_version = v.protocol_version, clock_offset_ms = v.clock_offset_ms, queued = v.queued
       FROM v WHERE devices.operator_id = ? AND devices.device_id = v.device_id`,
      [...params, operatorId],
    );
  }
}
