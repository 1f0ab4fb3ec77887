// Which files a device may move: those named by a source row in a bucket it holds (decision 0120). Computed from HQ's
// rows and device registry, like every scope (rule 5): a loaned PC reaches the files of the home-work jobs its worker
// keys and never one of a center-only job, whatever hash it asks for.
import { findSql } from '../store/lookups';
import type { Queryable } from '../store/sql';
import type { DeviceRecord } from '../sync/devices';
import { bucketsForDevice } from '../sync/scopes';

/** The size a source row in this device's scope gives the file, or null when no such row exists. */
export async function fileInScope(q: Queryable, device: DeviceRecord, sha256: string): Promise<{ bytes: number } | null> {
  const { sql, params } = findSql(q.dialect, 'entrySources', { sha256 });
  const rows = await q.all<{ data: string }>(sql, [device.operator_id, ...params]);
  if (!rows.length) return null;
  const held = new Set(await bucketsForDevice(q, device));
  for (const { data } of rows) {
    const row = JSON.parse(data) as { id: string; bytes?: unknown };
    if (typeof row.bytes !== 'number' || !Number.isSafeInteger(row.bytes) || row.bytes < 0) continue;
    const buckets = await q.all<{ bucket: string }>("SELECT bucket FROM changes WHERE operator_id = ? AND tbl = 'entrySources' AND id = ? AND deleted = 0", [device.operator_id, row.id]);
    if (buckets.some((b) => held.has(b.bucket))) return { bytes: row.bytes };
  }
  return null;
}
