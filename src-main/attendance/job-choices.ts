// The jobs (and their steps) a person can punch onto, their own work first, and the work of their latest punch.
import { and, asc, desc, eq, isNotNull, or } from 'drizzle-orm';
import type { JobChoice, RecentWork } from '../../src-shared/attendance/contract';
import { pickableSteps } from '../../src-shared/attendance/job-steps';
import type { AppServices } from '../api/context';
import { readDevice } from '../app/device';
import { entryUnits } from '../entry/schema';
import { jobs, workers } from '../people/schema';
import { scanSettings, scanVolumeStates } from '../scan/schema';
import { punches } from './schema';

export function recentWork(services: AppServices, workerId: string): RecentWork | null {
  const row = services.store.db
    .select({ jobId: punches.jobId, stepKey: punches.stepKey })
    .from(punches)
    .where(and(eq(punches.workerId, workerId), isNotNull(punches.jobId)))
    .orderBy(desc(punches.at))
    .limit(1)
    .get();
  return row?.jobId ? { jobId: row.jobId, stepKey: row.stepKey } : null;
}

/** Jobs the worker holds work in: entry units they key, scan volumes they hold. */
function assignedJobIds(services: AppServices, workerId: string): Set<string> {
  const { db } = services.store;
  const entry = db
    .selectDistinct({ jobId: entryUnits.jobId })
    .from(entryUnits)
    .where(or(eq(entryUnits.keyer1Id, workerId), eq(entryUnits.keyer2Id, workerId)))
    .all();
  const scan = db.selectDistinct({ jobId: scanVolumeStates.jobId }).from(scanVolumeStates).where(eq(scanVolumeStates.workerId, workerId)).all();
  return new Set([...entry, ...scan].map((r) => r.jobId));
}

/**
 * Active jobs, marked usable when this device may punch onto them (center-only jobs need a center PC). With a worker,
 * their own jobs come first and each job lists the steps that worker may name.
 */
export function jobChoices(services: AppServices, workerId: string | null, recent: RecentWork | null = null): JobChoice[] {
  const { db } = services.store;
  const device = readDevice(services.store);
  const atCenter = device?.kind === 'center' && device.siteId !== null;
  const worker = workerId ? db.select({ role: workers.role }).from(workers).where(eq(workers.id, workerId)).get() : undefined;
  const isLeader = !worker || worker.role === 'leader';
  const mine = workerId ? assignedJobIds(services, workerId) : new Set<string>();
  if (recent) mine.add(recent.jobId);
  const workflows = new Map(db.select({ id: scanSettings.id, workflow: scanSettings.workflow }).from(scanSettings).all().map((s) => [s.id, s.workflow]));
  const choices = db
    .select()
    .from(jobs)
    .where(eq(jobs.status, 'active'))
    .orderBy(asc(jobs.code))
    .all()
    .map((j) => ({
      id: j.id,
      code: j.code,
      name: j.name,
      kind: j.kind,
      usable: atCenter || j.restriction !== 'center_only',
      mine: mine.has(j.id),
      steps: pickableSteps(j.kind, workflows.get(j.id) ?? null, isLeader),
    }));
  // Stable: own jobs first, each group in code order.
  return [...choices.filter((c) => c.mine), ...choices.filter((c) => !c.mine)];
}
