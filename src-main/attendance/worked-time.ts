// Worked time per job and step, for figures such as pages per worked hour (the scan station board imports this).
import { eq } from 'drizzle-orm';
import { buildWorklog } from '../../src-shared/attendance/worklog';
import type { Store } from '../store/open';
import { punchesByWorker } from './punch-store';
import { punches } from './schema';

/**
 * Minutes worked on a job per worker and step (stepKey, or '' when none). Only credited time counts: sessions
 * closed by a clock-out, plus, with `now`, today's open sessions up to now.
 */
export function workedMinutesByWorkerStep(store: Store, jobId: string, now?: number): Record<string, Record<string, number>> {
  const workerIds = store.db.selectDistinct({ workerId: punches.workerId }).from(punches).where(eq(punches.jobId, jobId)).all().map((r) => r.workerId);
  const { punches: byWorker, voided } = punchesByWorker(store, workerIds);
  const out: Record<string, Record<string, number>> = {};
  for (const [workerId, list] of byWorker) {
    for (const interval of buildWorklog(list, voided, now).intervals) {
      if (interval.kind !== 'work' || interval.jobId !== jobId) continue;
      const steps = (out[workerId] ??= {});
      const step = interval.stepKey ?? '';
      steps[step] = (steps[step] ?? 0) + interval.ms / 60000;
    }
  }
  return out;
}

/** Minutes worked on a job per step (stepKey, or '' when none), summed over all workers. */
export function workedMinutesByStep(store: Store, jobId: string, now?: number): Record<string, number> {
  const total: Record<string, number> = {};
  for (const steps of Object.values(workedMinutesByWorkerStep(store, jobId, now))) {
    for (const [step, minutes] of Object.entries(steps)) total[step] = (total[step] ?? 0) + minutes;
  }
  return total;
}
