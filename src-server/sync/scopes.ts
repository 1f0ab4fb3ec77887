// What a device may read and write, computed at HQ from the device registry — never from client parameters (rule 5).
import { syncedTables } from '../../src-shared/sync/registry';
import { keyerBucket } from '../../src-shared/entry/tables';
import { loadEntity } from '../store/entities';
import { fieldText, findSql } from '../store/lookups';
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
 * Loaned PC (decisions 0116, 0124): the operator row, the list of jobs that allow home work, its worker's own rows
 * (punches, PIN), and for each home-work job whose units they key, the material (`home:`) and their own part of it
 * (`keyer:`: those units and their own keyings). Never a `job:` bucket: that holds the other keyer's values,
 * adjudication, and everything of center-only jobs — of which a loaned PC holds nothing, not even its worker's part.
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
  // `own:` is the worker's PIN: only their loaned PC verifies it besides their site's PCs (decision 0073).
  buckets.push(`worker:${device.worker_id}`, `own:${device.worker_id}`);
  for (const job of await homeJobsKeyedBy(q, device.operator_id, device.worker_id)) buckets.push(`home:${job}`, keyerBucket(job, device.worker_id));
  return [...new Set(buckets)].sort();
}

/** Jobs that allow home work and have a unit this worker keys, found by the units' keyer lookups. */
async function homeJobsKeyedBy(q: Queryable, operatorId: string, workerId: string): Promise<string[]> {
  const jobIds = new Set<string>();
  for (const slot of ['keyer1Id', 'keyer2Id']) {
    const { sql, params } = findSql(q.dialect, 'entryUnits', { [slot]: workerId }, `DISTINCT ${fieldText(q.dialect, 'jobId')} AS job`);
    for (const r of await q.all<{ job: string | null }>(sql, [operatorId, ...params])) if (r.job) jobIds.add(r.job);
  }
  const home: string[] = [];
  for (const id of [...jobIds].sort()) {
    const job = await loadEntity(q, operatorId, 'jobs', id);
    if (job?.data.restriction === 'home_allowed') home.push(id);
  }
  return home;
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
  const own = device.worker_id;
  if (own && (namesWorker(bucketsBefore, own) || namesWorker(bucketsAfter, own))) return sameOtherWorkers(bucketsBefore, bucketsAfter, own);
  return syncedTables[tbl]?.kind === 'event' && onlyOperatorWide(bucketsBefore) && onlyOperatorWide(bucketsAfter);
}

/** The worker a bucket belongs to: `worker:<w>`, `own:<w>` or a keyer's part of a job, `keyer:<job>:<w>`; else null. */
function workerOf(bucket: string): string | null {
  if (bucket.startsWith('worker:')) return bucket.slice(7);
  if (bucket.startsWith('own:')) return bucket.slice(4);
  if (bucket.startsWith('keyer:')) return bucket.slice(bucket.lastIndexOf(':') + 1);
  return null;
}

function namesWorker(buckets: string[], workerId: string): boolean {
  for (const b of buckets) if (workerOf(b) === workerId) return true;
  return false;
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
  for (const b of before) if (isOtherWorkers(b, ownWorker) && !after.includes(b)) return false;
  for (const b of after) if (isOtherWorkers(b, ownWorker) && !before.includes(b)) return false;
  return true;
}

function isOtherWorkers(bucket: string, ownWorker: string): boolean {
  const w = workerOf(bucket);
  return w !== null && w !== ownWorker;
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
