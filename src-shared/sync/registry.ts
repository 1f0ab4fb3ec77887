// The one list of synced tables, merged from each feature's own list.
import { peopleTables } from './tables';
import type { SyncedTableSpec } from './tables';

export const syncedTables: Record<string, SyncedTableSpec> = {
  ...peopleTables,
};

export function isSyncedTable(name: string): boolean {
  return Object.hasOwn(syncedTables, name);
}
