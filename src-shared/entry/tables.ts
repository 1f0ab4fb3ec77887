// Synced tables of the data-entry feature and the buckets that carry them (computed at HQ, DESIGN.md rule 5).
// Center PCs hold every job bucket, so units carry no site bucket: a lead director at one site assigns and reviews
// units of the other sites. A keyer's own units and keyings also travel in `keyer:<job>:<worker>`, which HQ gives a
// loaned PC only for the jobs that allow home work (decision 0124): nothing of a center-only job reaches it, not even
// its worker's own part. Blindness between keyers is enforced by the API, which never returns the other slot's values
// to a keyer, and by the buckets: a loaned PC holds its worker's own keyings and the job's material (`home:`: batches
// with their form, sources, pages), never the job bucket with the other keyer's values, resolutions or reviews
// (decision 0116).
import type { Row } from '../commands/define';
import type { SyncedTableSpec } from '../sync/tables';

const op = (row: Row): string => `op:${String(row.operatorId)}`;
const job = (row: Row): string => `job:${String(row.jobId)}`;
/** One keyer's own part of one job: their units and keyings. */
export const keyerBucket = (jobId: string, workerId: string): string => `keyer:${jobId}:${workerId}`;
/** What a keyer at home needs to key the job's units; a loaned PC is given it only while the job allows home work. */
const home = (row: Row): string => `home:${String(row.jobId)}`;

export const entryTables: Record<string, SyncedTableSpec> = {
  entryTemplates: { kind: 'registry', buckets: (row) => [op(row)], lookups: [['code']] },
  entryBatches: { kind: 'registry', buckets: (row) => [op(row), job(row), home(row)] },
  // By hash too: HQ finds the rows that name a file before it lets a device move it (decision 0120).
  entrySources: { kind: 'event', buckets: (row) => [job(row), home(row)], lookups: [['sha256']] },
  entryPages: { kind: 'event', buckets: (row) => [job(row), home(row)], lookups: [['batchId']] },
  entryUnits: {
    kind: 'state',
    buckets: (row) => [job(row), ...[row.keyer1Id, row.keyer2Id].filter(Boolean).map((w) => keyerBucket(String(row.jobId), String(w)))],
    // By keyer too: HQ finds the jobs a loaned PC's worker keys (src-server/sync/scopes.ts).
    lookups: [['batchId'], ['keyer1Id'], ['keyer2Id']],
  },
  entryKeyings: {
    kind: 'event',
    buckets: (row) => [job(row), ...(row.workerId ? [keyerBucket(String(row.jobId), String(row.workerId))] : [])],
    lookups: [['unitId', 'slot']],
  },
  entryResolutions: { kind: 'event', buckets: (row) => [job(row)], lookups: [['unitId']] },
  entryReviews: { kind: 'event', buckets: (row) => [job(row)] },
};
