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
 * Loaned PC (decision 0116): the operator row, the list of jobs that allow home work, its worker's own rows (own
 * punches, own keyings, the units they key), and the material (`home:`) of the home-work jobs whose units they key.
 * Never a `job:` bucket: that holds the other keyer's values, adjudication, and everything of center-only jobs.
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
  const buckets = [`operator:${device.operator_id}`, `homejobs:${device.operator_id}`];
  if (!device.worker_id) return buckets;
  const own = `worker:${device.worker_id}`;
  buckets.push(own);
  for (const job of await homeJobsKeyedBy(q, device.operator_id, own)) buckets.push(`home:${job}`);
  return [...new Set(buckets)].sort();
}

/** Jobs that allow home work and have a unit this worker keys (units sit in their keyers' worker buckets). */
async function homeJobsKeyedBy(q: Queryable, operatorId: string, workerBucket: string): Promise<string[]> {
  const field = (alias: string, key: string) => (q.dialect === 'sqlite' ? `json_extract(${alias}.data, '$.${key}')` : `(${alias}.data::jsonb)->>'${key}'`);
  const rows = await q.all<{ job: string }>(
    `SELECT DISTINCT j.id AS job FROM changes c
     JOIN entities u ON u.operator_id = c.operator_id AND u.tbl = c.tbl AND u.id = c.id
     JOIN entities j ON j.operator_id = c.operator_id AND j.tbl = 'jobs' AND j.id = ${field('u', 'jobId')}
     WHERE c.operator_id = ? AND c.bucket = ? AND c.tbl = 'entryUnits' AND c.deleted = 0 AND ${field('j', 'restriction')} = 'home_allowed'`,
    [operatorId, workerBucket],
  );
  return rows.map((r) => r.job);
}

/**
 * May this device write a row that leaves `bucketsBefore` and joins `bucketsAfter`? A center PC writes anything of
 * its operator except rows of another site — with one exception: a state row may move from another site into this
 * one (a worker's presence follows them to the site where they clock in). An office device may write every site
 * (`office`). A loaned PC writes only rows of its own worker, plus operator-wide facts (e.g. audit lines). A row
 * that names other workers too (a unit with two keyers) it may change only while the other workers stay as they were:
 * the command's own rule decides what a keyer may change in it.
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
  if (own && (bucketsBefore.includes(own) || bucketsAfter.includes(own))) return sameOtherWorkers(bucketsBefore, bucketsAfter, own);
  return syncedTables[tbl]?.kind === 'event' && onlyOperatorWide(bucketsBefore) && onlyOperatorWide(bucketsAfter);
}

// Plain loops, not closures: `canWrite` runs for every row of every pushed command.
function namesOtherOperator(buckets: string[], operatorId: string): boolean {
  for (const b of buckets) {
    if ((b.startsWith('op:') || b.startsWith('operator:') || b.startsWith('homejobs:')) && b.slice(b.indexOf(':') + 1) !== operatorId) return true;
  }
  return false;
}

function namesOtherSite(buckets: string[], ownSite: string): boolean {
  for (const b of buckets) if (b.startsWith('site:') && b !== ownSite) return true;
  return false;
}

/** The workers other than `ownWorker` that the row names are the same before and after (none for a new row). */
function sameOtherWorkers(before: string[], after: string[], ownWorker: string): boolean {
  for (const b of before) if (b.startsWith('worker:') && b !== ownWorker && !after.includes(b)) return false;
  for (const b of after) if (b.startsWith('worker:') && b !== ownWorker && !before.includes(b)) return false;
  return true;
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
