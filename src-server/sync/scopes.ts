// What a device may read and write, computed at HQ from the device registry — never from client parameters (rule 5).
import { syncedTables } from '../../src-shared/sync/registry';
import type { Queryable } from '../store/sql';
import type { DeviceRecord } from './devices';

/**
 * Center PC: the operator-wide bucket, its site, and every job of the operator (center PCs work on any job).
 * Loaned PC: only the operator row, its worker, and the jobs that rows of its worker's bucket refer to (`jobId`).
 */
export async function bucketsForDevice(q: Queryable, device: DeviceRecord): Promise<string[]> {
  if (device.kind === 'center') {
    const jobs = await q.all<{ id: string }>('SELECT id FROM entities WHERE operator_id = ? AND tbl = ? ORDER BY id', [device.operator_id, 'jobs']);
    return [`op:${device.operator_id}`, ...(device.site_id ? [`site:${device.site_id}`] : []), ...jobs.map((j) => `job:${j.id}`)];
  }
  const buckets = [`operator:${device.operator_id}`];
  if (!device.worker_id) return buckets;
  const own = `worker:${device.worker_id}`;
  buckets.push(own);
  const jobExpr = q.dialect === 'sqlite' ? "json_extract(e.data, '$.jobId')" : "(e.data::jsonb)->>'jobId'";
  const rows = await q.all<{ job: string | null }>(
    `SELECT DISTINCT ${jobExpr} AS job FROM changes c JOIN entities e ON e.operator_id = c.operator_id AND e.tbl = c.tbl AND e.id = c.id
     WHERE c.operator_id = ? AND c.bucket = ? AND c.deleted = 0`,
    [device.operator_id, own],
  );
  for (const r of rows) if (r.job) buckets.push(`job:${r.job}`);
  return [...new Set(buckets)].sort();
}

/**
 * May this device write a row that belongs to these buckets? A center PC writes anything of its operator except
 * rows of another site; a loaned PC writes only rows of its own worker, plus operator-wide facts (e.g. audit lines).
 */
export function canWrite(device: DeviceRecord, tbl: string, rowBuckets: string[]): boolean {
  const foreignOperator = rowBuckets.some((b) => (b.startsWith('op:') || b.startsWith('operator:')) && b.slice(b.indexOf(':') + 1) !== device.operator_id);
  if (foreignOperator) return false;
  if (device.kind === 'center') {
    return rowBuckets.every((b) => !b.startsWith('site:') || b === `site:${device.site_id}`);
  }
  if (device.worker_id && rowBuckets.includes(`worker:${device.worker_id}`)) {
    return rowBuckets.every((b) => !b.startsWith('worker:') || b === `worker:${device.worker_id}`);
  }
  return syncedTables[tbl]?.kind === 'event' && rowBuckets.every((b) => b.startsWith('op:'));
}
