// A worker's month as their own work log: days, intervals per job, the punches behind them and open problems.
import { and, eq } from 'drizzle-orm';
import type { WorklogDayView, WorklogView } from '../../src-shared/attendance/contract';
import type { PunchRow } from '../../src-shared/attendance/rows';
import { isMonthClosed } from '../../src-shared/attendance/rules';
import { buildWorklog, msToMinutes, summarize, type Worklog } from '../../src-shared/attendance/worklog';
import { jstDate } from '../../src-shared/core/time';
import { createLocalReader } from '../store/effects';
import type { Store } from '../store/open';
import type { Names } from './names';
import { workerPunches, workerVoids } from './punch-store';
import { timesheetSubmissions } from './schema';

export function dayViews(log: Worklog, punches: PunchRow[], voided: Set<string>, names: Names, dates: (d: string) => boolean): WorklogDayView[] {
  const days = new Map<string, WorklogDayView>();
  const day = (date: string) => {
    let d = days.get(date);
    if (!d) {
      d = { date, workMinutes: 0, breakMinutes: 0, intervals: [], issues: [], punches: [] };
      days.set(date, d);
    }
    return d;
  };
  for (const i of log.intervals) {
    if (!dates(i.date)) continue;
    const d = day(i.date);
    const minutes = i.ms / 60000;
    if (i.kind === 'work') d.workMinutes += minutes;
    else d.breakMinutes += minutes;
    d.intervals.push({ kind: i.kind, start: i.start, end: i.end, minutes: msToMinutes(i.ms), jobId: i.jobId, jobName: names.job(i.jobId)?.name ?? null, stepKey: i.stepKey, ongoing: i.ongoing });
  }
  for (const issue of log.issues) if (dates(issue.date)) day(issue.date).issues.push({ kind: issue.kind, at: issue.at, punchId: issue.punchId });
  for (const p of [...punches].sort((a, b) => a.at - b.at || (a.hlc < b.hlc ? -1 : 1))) {
    const date = jstDate(p.at);
    if (!dates(date)) continue;
    day(date).punches.push({ id: p.id, kind: p.kind, at: p.at, jobId: p.jobId, jobName: names.job(p.jobId)?.name ?? null, source: p.source, voided: voided.has(p.id) });
  }
  for (const d of days.values()) {
    d.workMinutes = Math.round(d.workMinutes);
    d.breakMinutes = Math.round(d.breakMinutes);
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

export function worklogView(store: Store, names: Names, workerId: string, month: string, now: number): WorklogView {
  const punches = workerPunches(store, workerId);
  const voided = workerVoids(store, workerId);
  const log = buildWorklog(punches, voided, now);
  const summary = summarize(log.intervals, month);
  const submission = store.db
    .select()
    .from(timesheetSubmissions)
    .where(and(eq(timesheetSubmissions.workerId, workerId), eq(timesheetSubmissions.month, month)))
    .get();
  return {
    workerId,
    displayName: names.worker(workerId) ?? '',
    month,
    closed: isMonthClosed(createLocalReader(store.db), month),
    workMinutes: msToMinutes(summary.workMs),
    daysWorked: summary.daysWorked,
    byJob: Object.entries(summary.byJob).map(([jobId, ms]) => ({ jobId: jobId || null, jobName: names.job(jobId || null)?.name ?? null, minutes: msToMinutes(ms) })),
    days: dayViews(log, punches, voided, names, (d) => d.startsWith(month)),
    submission: submission ? { status: submission.status, reviewComment: submission.reviewComment } : null,
  };
}
