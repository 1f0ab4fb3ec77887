// Synced attendance tables: kind of data (DESIGN.md rule 4) and download buckets (rule 5).
import type { Row } from '../commands/define';
import type { SyncedTableSpec } from '../sync/tables';

const op = (row: Row): string => `op:${String(row.operatorId)}`;
const worker = (row: Row): string => `worker:${String(row.workerId)}`;
const siteOf = (row: Row): string[] => (row.siteId ? [`site:${String(row.siteId)}`] : []);

export const attendanceTables: Record<string, SyncedTableSpec> = {
  punches: { kind: 'event', buckets: (row) => [op(row), ...siteOf(row), worker(row)] },
  punchVoids: { kind: 'event', buckets: (row) => [op(row), worker(row)] },
  // Presence rows are keyed by worker id.
  presence: { kind: 'state', buckets: (row) => [op(row), ...siteOf(row), `worker:${row.id}`] },
  roomEntries: { kind: 'event', buckets: (row) => [op(row), ...siteOf(row), worker(row)] },
  corrections: { kind: 'state', buckets: (row) => [op(row), worker(row)] },
  timesheetSubmissions: { kind: 'state', buckets: (row) => [op(row), worker(row)] },
  monthCloseEvents: { kind: 'event', buckets: (row) => [op(row)] },
};
