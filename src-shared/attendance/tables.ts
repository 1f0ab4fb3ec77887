// Synced attendance tables: kind of data (DESIGN.md rule 4) and download buckets (rule 5).
// Site-owned rows travel only in their site's bucket and their worker's bucket: a center PC holds its own site's
// attendance, a loaned PC its worker's, and office devices (which HQ gives every `site:` and `worker:` bucket, see
// src-server/sync/scopes.ts) all of it. A row whose site is null (made at home) travels in `worker:` only.
// Punches, presence and room entries carry the device's site; voids, corrections and timesheet submissions carry a
// site the rule decides from the store (voided punch, corrected session, worker's home site), so a center PC never
// holds another site's reviews (docs/decisions/0053). Month close is operator business and stays in `op:`.
import type { Row } from '../commands/define';
import type { SyncedTableSpec } from '../sync/tables';

const op = (row: Row): string => `op:${String(row.operatorId)}`;
const worker = (row: Row): string => `worker:${String(row.workerId)}`;
const siteOf = (row: Row): string[] => (row.siteId ? [`site:${String(row.siteId)}`] : []);

export const attendanceTables: Record<string, SyncedTableSpec> = {
  punches: { kind: 'event', buckets: (row) => [...siteOf(row), worker(row)], lookups: [['workerId']] },
  punchVoids: { kind: 'event', buckets: (row) => [...siteOf(row), worker(row)], lookups: [['workerId']] },
  // Presence rows are keyed by worker id; the row follows the worker to the site of their last clock-in.
  presence: { kind: 'state', buckets: (row) => [...siteOf(row), `worker:${row.id}`] },
  roomEntries: { kind: 'event', buckets: (row) => [...siteOf(row), worker(row)] },
  corrections: { kind: 'state', buckets: (row) => [...siteOf(row), worker(row)] },
  timesheetSubmissions: { kind: 'state', buckets: (row) => [...siteOf(row), worker(row)], lookups: [['workerId', 'month']] },
  monthCloseEvents: { kind: 'event', buckets: (row) => [op(row)], lookups: [['month']] },
};
