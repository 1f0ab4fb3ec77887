// What a device may read and write, computed at HQ from the device registry — never from client parameters (rule 5).
import { syncedTables } from '../../src-shared/sync/registry';
import { loadEntity } from '../store/entities';
import type { Queryable } from '../store/sql';
import type { DeviceRecord } from './devices';

/** An office device is a center-kind device enrolled for a site whose registry row says kind 'office'. */
export async function isOfficeDevice(q: Queryable, device: DeviceRecord): Promise<boolean> {
  if (device.kind !== 'center' || !device.site_id) return false;
  const site = await loadEntity(q, device.operator_id, 'sites', device.site_id);
  return site?.data.kind === 'office';
}

async function idsOf(q: Queryable, operatorId: string, tbl: string): Promise<string[]> {
  const rows = await q.all<{ id: string }>('SELECT id FROM entities WHERE operator_id = ? AND tbl = ? ORDER BY id', [operatorId, tbl]);
  return rows.map((r) => r.id);
}

/**
 * Center PC: the operator-wide bucket, its site, and every job of the operator (center PCs work on any job).
 * Office device (back office closing the month): all of that plus every site's and every worker's bucket.
 * Loaned PC: only the operator row, its worker, and the jobs that rows of its worker's bucket refer to (`jobId`).
 */
export async function bucketsForDevice(q: Queryable, device: DeviceRecord): Promise<string[]> {
  if (device.kind === 'center') {
    const jobs = (await idsOf(q, device.operator_id, 'jobs')).map((id) => `job:${id}`);
    if (await isOfficeDevice(q, device)) {
      const sites = (await idsOf(q, device.operator_id, 'sites')).map((id) => `site:${id}`);
      const workers = (await idsOf(q, device.operator_id, 'workers')).map((id) => `worker:${id}`);
      return [`op:${device.operator_id}`, ...(device.site_id ? [`pin:${device.site_id}`] : []), ...sites, ...workers, ...jobs];
    }
    // `pin:` holds the PIN hashes of the site's own workers: the only ones this PC's kiosk verifies (decision 0073).
    return [`op:${device.operator_id}`, ...(device.site_id ? [`pin:${device.site_id}`, `site:${device.site_id}`] : []), ...jobs];
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
 * May this device write a row that leaves `bucketsBefore` and joins `bucketsAfter`? A center PC writes anything of
 * its operator except rows of another site — with one exception: a state row may move from another site into this
 * one (a worker's presence follows them to the site where they clock in). An office device may write every site
 * (`office`). A loaned PC writes only rows of its own worker, plus operator-wide facts (e.g. audit lines).
 */
export function canWrite(device: DeviceRecord, tbl: string, bucketsAfter: string[], bucketsBefore: string[] = [], office = false): boolean {
  if (namesOtherOperator(bucketsBefore, device.operator_id) || namesOtherOperator(bucketsAfter, device.operator_id)) return false;
  if (device.kind === 'center') {
    if (office) return true;
    const ownSite = `site:${device.site_id}`;
    if (namesOtherSite(bucketsAfter, ownSite)) return false;
    if (!namesOtherSite(bucketsBefore, ownSite)) return true;
    return syncedTables[tbl]?.kind === 'state' && bucketsAfter.includes(ownSite);
  }
  const own = device.worker_id ? `worker:${device.worker_id}` : null;
  if (own && (bucketsBefore.includes(own) || bucketsAfter.includes(own))) return !namesOtherWorker(bucketsBefore, own) && !namesOtherWorker(bucketsAfter, own);
  return syncedTables[tbl]?.kind === 'event' && onlyOperatorWide(bucketsBefore) && onlyOperatorWide(bucketsAfter);
}

// Plain loops, not closures: `canWrite` runs for every row of every pushed command.
function namesOtherOperator(buckets: string[], operatorId: string): boolean {
  for (const b of buckets) {
    if ((b.startsWith('op:') || b.startsWith('operator:')) && b.slice(b.indexOf(':') + 1) !== operatorId) return true;
  }
  return false;
}

function namesOtherSite(buckets: string[], ownSite: string): boolean {
  for (const b of buckets) if (b.startsWith('site:') && b !== ownSite) return true;
  return false;
}

function namesOtherWorker(buckets: string[], ownWorker: string): boolean {
  for (const b of buckets) if (b.startsWith('worker:') && b !== ownWorker) return true;
  return false;
}

function onlyOperatorWide(buckets: string[]): boolean {
  for (const b of buckets) if (!b.startsWith('op:')) return false;
  return true;
}

/** `canWrite` for one prepared write at HQ; looks the device's site up only when the quick check refuses. */
export async function mayWrite(q: Queryable, device: DeviceRecord, w: { tbl: string; bucketsBefore: string[]; bucketsAfter: string[] }): Promise<boolean> {
  if (canWrite(device, w.tbl, w.bucketsAfter, w.bucketsBefore)) return true;
  return device.kind === 'center' && (await isOfficeDevice(q, device)) && canWrite(device, w.tbl, w.bucketsAfter, w.bucketsBefore, true);
}
