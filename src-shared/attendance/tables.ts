// Synced attendance tables: kind of data (DESIGN.md rule 4) and download buckets (rule 5).
// Site-owned rows (punches, presence, room entries) travel only in their site's bucket and their worker's bucket:
// a center PC holds its own site's attendance, a loaned PC its worker's, and office devices (which HQ gives every
// `site:` and `worker:` bucket, see src-server/sync/scopes.ts) all of it. A row made on a loaned PC (siteId null)
// travels in `worker:` only. Rows without a site attribute (voids, corrections, submissions, month close) stay
// operator-wide for now so any center's leader board and reviewers see them (docs/decisions/0028).
import type { Row } from '../commands/define';
import type { SyncedTableSpec } from '../sync/tables';

const op = (row: Row): string => `op:${String(row.operatorId)}`;
const worker = (row: Row): string => `worker:${String(row.workerId)}`;
const siteOf = (row: Row): string[] => (row.siteId ? [`site:${String(row.siteId)}`] : []);

export const attendanceTables: Record<string, SyncedTableSpec> = {
  punches: { kind: 'event', buckets: (row) => [...siteOf(row), worker(row)] },
  punchVoids: { kind: 'event', buckets: (row) => [op(row), worker(row)] },
  // Presence rows are keyed by worker id; the row follows the worker to the site of their last clock-in.
  presence: { kind: 'state', buckets: (row) => [...siteOf(row), `worker:${row.id}`] },
  roomEntries: { kind: 'event', buckets: (row) => [...siteOf(row), worker(row)] },
  corrections: { kind: 'state', buckets: (row) => [op(row), worker(row)] },
  timesheetSubmissions: { kind: 'state', buckets: (row) => [op(row), worker(row)] },
  monthCloseEvents: { kind: 'event', buckets: (row) => [op(row)] },
};
