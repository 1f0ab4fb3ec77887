// Monthly timesheet per worker and per site, and the detail rows the exports are made of.
import { asc, eq } from 'drizzle-orm';
import type { TimesheetStatus, TimesheetView, TimesheetWorkerRow } from '../../src-shared/attendance/contract';
import { isMonthClosed } from '../../src-shared/attendance/rules';
import { buildWorklog, msToMinutes, summarize } from '../../src-shared/attendance/worklog';
import { createLocalReader } from '../store/effects';
import type { Store } from '../store/open';
import type { Names } from './names';
import { punchesByWorker } from './punch-store';
import { monthCloseEvents, timesheetSubmissions } from './schema';

/** One worker, one day, one job (and step): the unit payments and exports work from. */
export interface TimesheetDetail {
  workerId: string;
  code: string;
  displayName: string;
  date: string;
  siteId: string | null;
  jobId: string | null;
  stepKey: string | null;
  workMs: number;
}

export interface MonthSheet {
  view: TimesheetView;
  details: TimesheetDetail[];
}

export function monthSheet(store: Store, names: Names, month: string, siteId: string | null | undefined, now: number): MonthSheet {
  const { db } = store;
  const submissions = new Map(
    db.select().from(timesheetSubmissions).where(eq(timesheetSubmissions.month, month)).all().map((s) => [s.workerId, s]),
  );
  const { punches, voided } = punchesByWorker(store);
  const workers = names.workers
    .filter((w) => !siteId || w.homeSiteId === siteId)
    .filter((w) => w.active || punches.has(w.id))
    .sort((a, b) => (a.code < b.code ? -1 : 1));

  const rows: TimesheetWorkerRow[] = [];
  const details: TimesheetDetail[] = [];
  const sites = new Map<string, TimesheetView['sites'][number]>();
  const siteWorkers = new Map<string, Set<string>>();
  for (const w of workers) {
    const log = buildWorklog(punches.get(w.id) ?? [], voided, now);
    const summary = summarize(log.intervals, month);
    const submission = submissions.get(w.id);
    const status: TimesheetStatus = submission?.status ?? 'unsubmitted';
    const displayName = `${w.familyName} ${w.givenName}`;
    rows.push({
      workerId: w.id,
      code: w.code,
      displayName,
      homeSiteId: w.homeSiteId,
      daysWorked: summary.daysWorked,
      workMinutes: msToMinutes(summary.workMs),
      breakMinutes: msToMinutes(summary.breakMs),
      byJob: Object.fromEntries(Object.entries(summary.byJob).map(([k, ms]) => [k, msToMinutes(ms)])),
      issues: log.issues.filter((i) => i.date.startsWith(month)).length,
      status,
      reviewComment: submission?.reviewComment ?? null,
    });
    const cells = new Map<string, TimesheetDetail>();
    for (const i of log.intervals) {
      if (i.kind !== 'work' || !i.date.startsWith(month)) continue;
      const key = [i.date, i.siteId, i.jobId, i.stepKey].join('|');
      const cell = cells.get(key) ?? { workerId: w.id, code: w.code, displayName, date: i.date, siteId: i.siteId, jobId: i.jobId, stepKey: i.stepKey, workMs: 0 };
      cell.workMs += i.ms;
      cells.set(key, cell);
      const siteKey = i.siteId ?? '';
      const site = sites.get(siteKey) ?? { siteId: i.siteId, siteName: names.site(i.siteId), workers: 0, workMinutes: 0, byJob: {} };
      site.workMinutes += i.ms / 60000;
      site.byJob[i.jobId ?? ''] = (site.byJob[i.jobId ?? ''] ?? 0) + i.ms / 60000;
      sites.set(siteKey, site);
      siteWorkers.set(siteKey, (siteWorkers.get(siteKey) ?? new Set()).add(w.id));
    }
    details.push(...[...cells.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
  }
  for (const [key, site] of sites) {
    site.workers = siteWorkers.get(key)?.size ?? 0;
    site.workMinutes = Math.round(site.workMinutes);
    for (const job of Object.keys(site.byJob)) site.byJob[job] = Math.round(site.byJob[job]);
  }
  const history = db.select().from(monthCloseEvents).where(eq(monthCloseEvents.month, month)).orderBy(asc(monthCloseEvents.hlc)).all();
  const view: TimesheetView = {
    month,
    closed: isMonthClosed(createLocalReader(db), month),
    closeHistory: history.map((e) => ({ action: e.action, reason: e.reason, byName: names.person(e.by), at: e.at })),
    statusCounts: {
      unsubmitted: rows.filter((r) => r.status === 'unsubmitted' || r.status === 'returned').length,
      submitted: rows.filter((r) => r.status === 'submitted').length,
      approved: rows.filter((r) => r.status === 'approved').length,
    },
    workers: rows,
    sites: [...sites.values()].sort((a, b) => (a.siteName ?? '～').localeCompare(b.siteName ?? '～', 'ja')),
    jobs: names.jobs.map((j) => ({ id: j.id, code: j.code, name: j.name })),
  };
  return { view, details };
}
