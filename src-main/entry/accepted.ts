// Accepted work per keyer and month — the figure payment counts. A unit counts in the month (JST) it was accepted.
import { eq } from 'drizzle-orm';
import type { AcceptedWorkLine } from '../../src-shared/entry/contract';
import { jstMonth } from '../../src-shared/core/time';
import type { Db } from '../store/open';
import { batchTemplate, finalRecords, loadNames } from './queries';
import { entryBatches, entryReviews, entryUnits } from './schema';

export function acceptedWork(db: Db, month: string): AcceptedWorkLine[] {
  const acceptedAt = new Map<string, number>();
  for (const r of db.select().from(entryReviews).where(eq(entryReviews.toStatus, 'accepted')).all()) acceptedAt.set(r.unitId, r.at);
  const names = loadNames(db);
  const lines = new Map<string, AcceptedWorkLine>();
  const batches = new Map(db.select().from(entryBatches).all().map((b) => [b.id, b]));
  // Records per accepted unit, computed once per batch.
  const recordsByUnit = new Map<string, Map<string, number>>();
  const recordsOf = (batch: typeof entryBatches.$inferSelect, label: string): number => {
    let counts = recordsByUnit.get(batch.id);
    if (!counts) {
      counts = new Map();
      for (const r of finalRecords(db, batch, batchTemplate(batch).def, new Set(['accepted']))) counts.set(r.unitLabel, (counts.get(r.unitLabel) ?? 0) + 1);
      recordsByUnit.set(batch.id, counts);
    }
    return counts.get(label) ?? 0;
  };
  for (const unit of db.select().from(entryUnits).where(eq(entryUnits.status, 'accepted')).all()) {
    const at = acceptedAt.get(unit.id);
    const batch = batches.get(unit.batchId);
    if (at === undefined || !batch || jstMonth(at) !== month) continue;
    const records = recordsOf(batch, unit.label);
    for (const workerId of [unit.keyer1Id, unit.doubleEntry ? unit.keyer2Id : null]) {
      if (!workerId) continue;
      const key = `${workerId}|${unit.batchId}`;
      const line = lines.get(key) ?? { workerId, workerName: names.worker(workerId), jobId: unit.jobId, batchId: unit.batchId, units: 0, pages: 0, records: 0 };
      line.units++;
      line.pages += unit.pageIds.length;
      line.records += records;
      lines.set(key, line);
    }
  }
  return [...lines.values()].sort((a, b) => a.workerName.localeCompare(b.workerName, 'ja'));
}
