// Which files a device may move: those named by a source row in a bucket it holds (decision 0120). Computed from HQ's
// rows and device registry, like every scope (rule 5): a loaned PC reaches the files of the home-work jobs its worker
// keys and never one of a center-only job, whatever hash it asks for.
import { syncedTables } from '../../src-shared/sync/registry';
import { findSql } from '../store/lookups';
import type { Queryable } from '../store/sql';
import type { DeviceRecord } from '../sync/devices';
import { bucketsForDevice } from '../sync/scopes';

/** The size a source row in this device's scope gives each file (absent: no such row), for up to a page of hashes. */
export async function filesInScope(q: Queryable, device: DeviceRecord, sha256s: string[]): Promise<Map<string, number>> {
  const held = new Set(await bucketsForDevice(q, device));
  const out = new Map<string, number>();
  for (const sha256 of sha256s) {
    const { sql, params } = findSql(q.dialect, 'entrySources', { sha256 });
    for (const { data } of await q.all<{ data: string }>(sql, [device.operator_id, ...params])) {
      const row = JSON.parse(data) as Record<string, unknown>;
      if (typeof row.bytes !== 'number' || !Number.isSafeInteger(row.bytes) || row.bytes < 0) continue;
      // The row's buckets as HQ files them (the same function writes the change log), without a scan of that log.
      if (syncedTables.entrySources.buckets(row as never).some((b) => held.has(b))) {
        out.set(sha256, row.bytes);
        break;
      }
    }
  }
  return out;
}

/** The size a source row in this device's scope gives the file, or null when no such row exists. */
export async function fileInScope(q: Queryable, device: DeviceRecord, sha256: string): Promise<{ bytes: number } | null> {
  const bytes = (await filesInScope(q, device, [sha256])).get(sha256);
  return bytes === undefined ? null : { bytes };
}
