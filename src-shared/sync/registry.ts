// The one list of synced tables, merged from each feature's own list.
import { peopleTables } from './tables';
import { entryTables } from '../entry/tables';
import { scanTables } from '../scan/tables';
import { attendanceTables } from '../attendance/tables';
import type { SyncedTableSpec } from './tables';

export const syncedTables: Record<string, SyncedTableSpec> = {
  ...peopleTables,
  ...entryTables,
  ...scanTables,
  ...attendanceTables,
};

/**
 * The version of the bucket functions above. Raise it whenever a table's `buckets` changes: HQ then moves every
 * stored row into the buckets the new functions name, once, at start (src-server/sync/rebucket.ts). Version 2: home
 * jobs and home material for loaned PCs (decision 0116). Version 3: a keyer's units and keyings by job, and a
 * worker's PIN in `own:` rather than `worker:` (the back office holds every `worker:`; decision 0124).
 */
export const BUCKETS_VERSION = 3;

export function isSyncedTable(name: string): boolean {
  return Object.hasOwn(syncedTables, name);
}
