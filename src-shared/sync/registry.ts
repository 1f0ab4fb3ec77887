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

export function isSyncedTable(name: string): boolean {
  return Object.hasOwn(syncedTables, name);
}
