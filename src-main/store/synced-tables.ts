// Maps each synced table name of src-shared to its drizzle table, so effects and readers work generically.
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { syncedTables } from '../../src-shared/sync/registry';
import * as schema from './schema';

export const localTables: Record<string, SQLiteTable> = {
  operators: schema.operators,
  sites: schema.sites,
  workers: schema.workers,
  staff: schema.staff,
  credentials: schema.credentials,
  clients: schema.clients,
  jobs: schema.jobs,
  auditLog: schema.auditLog,
  ...{ entryTemplates: schema.entryTemplates, entryBatches: schema.entryBatches, entrySources: schema.entrySources, entryPages: schema.entryPages, entryUnits: schema.entryUnits, entryKeyings: schema.entryKeyings, entryResolutions: schema.entryResolutions, entryReviews: schema.entryReviews },
  scanSettings: schema.scanSettings,
  scanVolumes: schema.scanVolumes,
  scanVolumeStates: schema.scanVolumeStates,
  scanPages: schema.scanPages,
  scanTiles: schema.scanTiles,
  scanEvents: schema.scanEvents,
  scanQcResults: schema.scanQcResults,
  scanDeliveries: schema.scanDeliveries,
  scanImportMappings: schema.scanImportMappings,
  punches: schema.punches, punchVoids: schema.punchVoids, presence: schema.presence, roomEntries: schema.roomEntries, corrections: schema.corrections, timesheetSubmissions: schema.timesheetSubmissions, monthCloseEvents: schema.monthCloseEvents,
};

export function tableFor(name: string): SQLiteTable {
  const table = localTables[name];
  if (!table) throw new Error(`No local table for synced table "${name}"`);
  return table;
}

/** Registry-kind tables carry per-field HLCs. */
export function isRegistryTable(name: string): boolean {
  return syncedTables[name]?.kind === 'registry';
}

export function columnNames(name: string): string[] {
  return Object.keys(getTableColumns(tableFor(name)));
}

/** Fails fast at start-up when a shared table has no local table or the other way round. */
export function assertTablesMatch(): void {
  const shared = Object.keys(syncedTables).sort();
  const local = Object.keys(localTables).sort();
  if (shared.join() !== local.join()) {
    throw new Error(`Synced table lists differ: shared=[${shared.join()}] local=[${local.join()}]`);
  }
}
