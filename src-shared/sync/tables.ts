// Every synced table, what kind of data it holds (DESIGN.md rule 4) and which download buckets a row belongs to.
// Buckets are computed at HQ from these functions and the device registry — never from client parameters.
import type { Row } from '../commands/define';

export type TableKind = 'registry' | 'event' | 'state';

export interface SyncedTableSpec {
  kind: TableKind;
  /** Buckets that carry this row, e.g. `op:<id>`, `site:<id>`, `worker:<id>`, `job:<id>`. */
  buckets(row: Row): string[];
  /**
   * Fields rules find rows of this table by (`reader.find`), each list one index at HQ, whose generic entity store
   * has no columns to index otherwise. A find must name the first field of one of them (a unit test holds every rule
   * to it), or HQ would scan all of the operator's rows of the table for every command.
   */
  lookups?: readonly (readonly string[])[];
}

const operatorWide = (row: Row): string[] => [`op:${String(row.operatorId ?? row.id)}`];

/** Tables owned by the people feature. Other features add theirs in their own `tables.ts`. */
export const peopleTables: Record<string, SyncedTableSpec> = {
  // `operator:` carries only the operator row, for loaned PCs that must not hold the whole operator.
  operators: { kind: 'registry', buckets: (row) => [`op:${row.id}`, `operator:${row.id}`] },
  sites: { kind: 'registry', buckets: operatorWide },
  workers: { kind: 'registry', buckets: (row) => [...operatorWide(row), `worker:${row.id}`], lookups: [['code']] },
  staff: { kind: 'registry', buckets: operatorWide, lookups: [['loginId']] },
  // PIN and password material reaches only the devices that verify it (docs/decisions/0073, 0119): a worker's PIN the
  // center PCs of their home site (`pin:`) and their loaned PC (`own:`, which only that PC holds — not `worker:`, which
  // the back office holds for every worker); a staff password the center PCs of the site they work at (`pin:`), or
  // every center PC (`op:`) for staff of the whole operator; never a loaned PC. A worker without a home site signs in
  // on their loaned PC only.
  credentials: {
    kind: 'registry',
    buckets: (row) => {
      const site = row.siteId ? [`pin:${String(row.siteId)}`] : [];
      if (row.subjectType === 'worker') return [...site, `own:${row.id}`];
      return site.length ? site : operatorWide(row);
    },
  },
  clients: { kind: 'registry', buckets: operatorWide },
  // `homejobs:` lists the jobs a loaned PC may offer at its kiosk: only those that allow home work (decision 0116).
  jobs: {
    kind: 'registry',
    buckets: (row) => [...operatorWide(row), `job:${row.id}`, ...(row.restriction === 'home_allowed' ? [`homejobs:${String(row.operatorId)}`] : [])],
    lookups: [['code']],
  },
  auditLog: { kind: 'event', buckets: operatorWide },
};
