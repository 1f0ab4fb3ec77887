// Checks shared by the attendance commands. Pure: they read only through the rule's EntityReader.
import type { CommandActor, CommandMeta, EntityReader } from '../commands/define';
import { reject } from '../core/errors';
import { supervisorRoles } from '../core/roles';
import type { JobRow, WorkerRow } from '../people/rows';
import type { MonthCloseEventRow, PresenceRow, PunchRow, PunchVoidRow } from './rows';
import { sortPunches } from './worklog';

export const punchingRoles = ['kiosk', 'worker', 'leader', 'admin', 'manager', 'director'] as const;
export const reviewerRoles = ['admin', 'manager', 'director'] as const;

/** Workers act for themselves (a kiosk only after the PIN named them); supervisors may act for anyone. */
export function assertActsFor(actor: CommandActor, workerId: string): void {
  if (actor.workerId === workerId) return;
  if (actor.role !== 'kiosk' && supervisorRoles.includes(actor.role)) return;
  reject('attendance.errors.notYourself');
}

export function activeWorker(reader: EntityReader, workerId: string): WorkerRow {
  const worker = reader.get<WorkerRow>('workers', workerId);
  if (!worker?.active) reject('attendance.errors.unknownWorker');
  return worker;
}

/** A job someone may punch onto from this device: it exists, is active, and center-only jobs need a center PC. */
export function assertJobUsable(reader: EntityReader, meta: CommandMeta, jobId: string): JobRow {
  const job = reader.get<JobRow>('jobs', jobId);
  if (job?.status !== 'active') reject('attendance.errors.jobUnavailable');
  if (job.restriction === 'center_only' && meta.siteId === null) reject('attendance.errors.centerOnlyJob', { job: job.name });
  return job;
}

/** A month is closed when its latest close/reopen event (by HLC) is a close. */
export function isMonthClosed(reader: EntityReader, month: string): boolean {
  const events = reader.find<MonthCloseEventRow>('monthCloseEvents', { month });
  const latest = events.sort((a, b) => (a.hlc < b.hlc ? -1 : 1)).at(-1);
  return latest?.action === 'close';
}

export function assertMonthOpen(reader: EntityReader, month: string): void {
  if (isMonthClosed(reader, month)) reject('attendance.errors.monthClosed', { month });
}

export function readPresence(reader: EntityReader, workerId: string): PresenceRow | undefined {
  return reader.get<PresenceRow>('presence', workerId);
}

/** The worker's punches that still count (voided ones removed), in counting order. */
export function effectivePunches(reader: EntityReader, workerId: string): PunchRow[] {
  const voided = new Set(reader.find<PunchVoidRow>('punchVoids', { workerId }).map((v) => v.punchId));
  return sortPunches(reader.find<PunchRow>('punches', { workerId }).filter((p) => !voided.has(p.id)));
}

/** Presence as the punches say it should be: used after a correction changed history. */
export function replayPresence(
  punches: readonly PunchRow[],
  base: Pick<PresenceRow, 'id' | 'operatorId' | 'hlc'>,
): PresenceRow {
  const p: PresenceRow = { ...base, state: 'out', siteId: null, jobId: null, stepKey: null, since: 0, sessionStart: null, lastPunchId: null };
  for (const punch of punches) {
    const legal =
      punch.kind === 'in' ||
      (punch.kind === 'break_start' && p.state === 'working') ||
      (punch.kind === 'break_end' && p.state === 'break') ||
      (punch.kind === 'switch' && p.state === 'working') ||
      (punch.kind === 'out' && p.state !== 'out');
    if (!legal) continue;
    p.since = punch.at;
    p.lastPunchId = punch.id;
    if (punch.kind === 'in') {
      Object.assign(p, { state: 'working', siteId: punch.siteId, jobId: punch.jobId, stepKey: punch.stepKey, sessionStart: punch.at });
    } else if (punch.kind === 'break_start') p.state = 'break';
    else if (punch.kind === 'break_end') p.state = 'working';
    else if (punch.kind === 'switch') Object.assign(p, { jobId: punch.jobId, stepKey: punch.stepKey });
    else Object.assign(p, { state: 'out', jobId: null, stepKey: null, sessionStart: null });
  }
  return p;
}
