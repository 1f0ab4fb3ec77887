// Reads a worker's punches and work log from the local store.
import { eq, inArray } from 'drizzle-orm';
import type { PresenceView } from '../../src-shared/attendance/contract';
import type { PresenceRow, PunchRow } from '../../src-shared/attendance/rows';
import { buildWorklog, type Worklog } from '../../src-shared/attendance/worklog';
import { jstDate } from '../../src-shared/core/time';
import type { Store } from '../store/open';
import { presence, punches, punchVoids } from './schema';

export function workerPunches(store: Store, workerId: string): PunchRow[] {
  return store.db.select().from(punches).where(eq(punches.workerId, workerId)).all();
}

export function workerVoids(store: Store, workerId: string): Set<string> {
  return new Set(store.db.select({ punchId: punchVoids.punchId }).from(punchVoids).where(eq(punchVoids.workerId, workerId)).all().map((v) => v.punchId));
}

export function workerWorklog(store: Store, workerId: string, now?: number): Worklog {
  return buildWorklog(workerPunches(store, workerId), workerVoids(store, workerId), now);
}

/** Punches and voids of many workers at once, grouped by worker (one query each). */
export function punchesByWorker(store: Store, workerIds?: string[]): { punches: Map<string, PunchRow[]>; voided: Set<string> } {
  const rows = workerIds
    ? workerIds.length === 0
      ? []
      : store.db.select().from(punches).where(inArray(punches.workerId, workerIds)).all()
    : store.db.select().from(punches).all();
  const map = new Map<string, PunchRow[]>();
  for (const p of rows) {
    const list = map.get(p.workerId);
    if (list) list.push(p);
    else map.set(p.workerId, [p]);
  }
  const voided = new Set(store.db.select({ punchId: punchVoids.punchId }).from(punchVoids).all().map((v) => v.punchId));
  return { punches: map, voided };
}

export function readPresenceRow(store: Store, workerId: string): PresenceRow | undefined {
  return store.db.select().from(presence).where(eq(presence.id, workerId)).get();
}

export function presenceView(row: PresenceRow | undefined, now: number): PresenceView {
  if (!row) return { state: 'out', siteId: null, jobId: null, stepKey: null, since: null, sessionStart: null, forgotten: false };
  return {
    state: row.state,
    siteId: row.siteId,
    jobId: row.jobId,
    stepKey: row.stepKey,
    since: row.since,
    sessionStart: row.sessionStart,
    forgotten: row.state !== 'out' && jstDate(row.since) < jstDate(now),
  };
}
