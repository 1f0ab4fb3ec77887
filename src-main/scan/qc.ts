// The QC queue: volumes waiting for inspection with the sample of pages to check, sized by the scanning worker's
// skill stage and their recent defects (pure rule in src-shared/scan/qc-sampling.ts).
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import { pickSample, samplingRate } from '../../src-shared/scan/qc-sampling';
import type { QcQueueItem } from '../../src-shared/scan/views';
import { workers } from '../people/schema';
import type { Store } from '../store/open';
import { nameLookup } from './queries';
import { scanEvents, scanPages, scanQcResults, scanVolumeStates, scanVolumes } from './schema';

/** Defects count against a worker for this long; after that their sampling rate falls back to their stage's. */
export const DEFECT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

export function qcQueue(store: Store, jobId: string, now: number): QcQueueItem[] {
  const { db } = store;
  const name = nameLookup(store);
  const volumes = db
    .select({ id: scanVolumes.id, code: scanVolumes.code, title: scanVolumes.title, pageCount: scanVolumeStates.pageCount, enteredAt: scanVolumeStates.enteredAt })
    .from(scanVolumeStates)
    .innerJoin(scanVolumes, eq(scanVolumes.id, scanVolumeStates.id))
    .where(and(eq(scanVolumeStates.jobId, jobId), eq(scanVolumeStates.stepKey, 'qc')))
    .orderBy(asc(scanVolumes.volumeNo))
    .all();
  return volumes.map((v) => {
    const lastScan = db
      .select({ workerId: scanEvents.workerId, at: scanEvents.at })
      .from(scanEvents)
      .where(and(eq(scanEvents.volumeId, v.id), eq(scanEvents.kind, 'complete'), eq(scanEvents.stepKey, 'scan')))
      .all()
      .sort((a, b) => b.at - a.at)[0];
    const workerId = lastScan?.workerId ?? null;
    const worker = workerId ? db.select().from(workers).where(eq(workers.id, workerId)).get() : undefined;
    const recentDefects = workerId
      ? db
          .select({ id: scanQcResults.id })
          .from(scanQcResults)
          .where(and(eq(scanQcResults.checkedWorkerId, workerId), gte(scanQcResults.at, now - DEFECT_WINDOW_MS), eq(scanQcResults.result, 'fail')))
          .all().length
      : 0;
    const stage = worker?.skillIt ?? null;
    const rate = samplingRate(stage, recentDefects);
    const pageNos = pickSample(v.pageCount, rate, v.id);
    const pages = pageNos.length
      ? db.select({ id: scanPages.id, pageNo: scanPages.pageNo }).from(scanPages).where(and(eq(scanPages.volumeId, v.id), inArray(scanPages.pageNo, pageNos))).orderBy(asc(scanPages.pageNo)).all()
      : [];
    const results = db.select().from(scanQcResults).where(and(eq(scanQcResults.volumeId, v.id), gte(scanQcResults.at, v.enteredAt))).all();
    return {
      volumeId: v.id,
      code: v.code,
      title: v.title,
      pageCount: v.pageCount,
      checkedWorkerName: name(workerId),
      stage,
      recentDefects,
      rate,
      sample: pages.map((p) => {
        const mine = results.filter((r) => r.pageId === p.id).sort((a, b) => b.at - a.at)[0];
        return { pageId: p.id, pageNo: p.pageNo, result: mine?.result ?? null };
      }),
      volumeResults: results.length,
    };
  });
}
