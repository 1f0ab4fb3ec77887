// The station board: WIP per step, who is on what, throughput, forecast and burn-down — aggregated in SQL on
// covering indexes (see the EXPLAIN QUERY PLAN test), so the renderer receives a summary, never page rows.
import type Database from 'better-sqlite3';
import { jstDate } from '../../src-shared/core/time';
import type { BoardStep, BoardSummary } from '../../src-shared/scan/views';
import { defaultWorkflow, DONE, type VolumeStepKey } from '../../src-shared/scan/workflow';
import type { Store } from '../store/open';

/** The board's SQL, job scope (`?` = job id) and operator-wide scope. Exported for the query-plan test. */
export const boardSql = {
  job: {
    wip: `SELECT step_key AS stepKey, status, count(*) AS volumes, sum(page_count) AS pages
          FROM scan_volume_states WHERE job_id = ? GROUP BY step_key, status`,
    expected: `SELECT count(*) AS volumes, coalesce(sum(expected_pages), 0) AS pages, count(DISTINCT job_id) AS jobs FROM scan_volumes WHERE job_id = ?`,
    completed: `SELECT step_key AS stepKey, sum(pages) AS pages FROM scan_events WHERE job_id = ? AND kind = 'complete' GROUP BY step_key`,
    daily: `SELECT day, sum(pages) AS pages FROM scan_events WHERE job_id = ? AND kind = 'complete' AND step_key = 'scan' GROUP BY day ORDER BY day`,
    active: `SELECT s.worker_id AS workerId, s.step_key AS stepKey, s.updated_at AS since, v.code AS code
             FROM scan_volume_states s JOIN scan_volumes v ON v.id = s.id
             WHERE s.status = 'in_progress' AND s.job_id = ? ORDER BY s.updated_at LIMIT 50`,
  },
  all: {
    wip: `SELECT step_key AS stepKey, status, count(*) AS volumes, sum(page_count) AS pages
          FROM scan_volume_states GROUP BY step_key, status`,
    // Jobs counted from the (small) jobs registry, not with a DISTINCT over every volume.
    expected: `SELECT count(*) AS volumes, coalesce(sum(expected_pages), 0) AS pages,
               (SELECT count(*) FROM jobs j WHERE j.kind = 'scan' AND EXISTS (SELECT 1 FROM scan_volumes v WHERE v.job_id = j.id)) AS jobs
               FROM scan_volumes`,
    // No `completed` here: operator-wide it is derived from where volumes stand (see boardSummary), so the board
    // never walks every step event.
    daily: `SELECT day, sum(pages) AS pages FROM scan_events WHERE kind = 'complete' AND step_key = 'scan' GROUP BY day ORDER BY day`,
    active: `SELECT s.worker_id AS workerId, s.step_key AS stepKey, s.updated_at AS since, v.code AS code
             FROM scan_volume_states s JOIN scan_volumes v ON v.id = s.id
             WHERE s.status = 'in_progress' ORDER BY s.updated_at LIMIT 50`,
  },
} as const;

type Statements = Partial<Record<keyof typeof boardSql.job, Database.Statement>>;
const cache = new WeakMap<Database.Database, { job: Statements; all: Statements }>();

function statements(sqlite: Database.Database) {
  let s = cache.get(sqlite);
  if (!s) {
    const prep = (set: Record<string, string>) => Object.fromEntries(Object.entries(set).map(([k, sql]) => [k, sqlite.prepare(sql)])) as Statements;
    s = { job: prep(boardSql.job), all: prep(boardSql.all) };
    cache.set(sqlite, s);
  }
  return s;
}

export interface BoardOptions {
  jobId: string | null;
  now: number;
  dueDate: string | null;
  /** Minutes worked per step from attendance (job scope only). */
  workedMinutes: Record<string, number> | null;
  workerName(id: string): string;
}

const DAY = 24 * 60 * 60 * 1000;
/** Throughput is measured over the most recent days with work, so a slow start does not skew the forecast. */
const THROUGHPUT_DAYS = 14;

export function forecast(daily: { day: string; pages: number }[], remaining: number, now: number): { pagesPerDay: number | null; date: string | null } {
  if (remaining <= 0) return { pagesPerDay: null, date: jstDate(now) };
  const recent = daily.slice(-THROUGHPUT_DAYS);
  if (recent.length === 0) return { pagesPerDay: null, date: null };
  const first = Date.parse(`${recent[0].day}T00:00:00+09:00`);
  const spanDays = Math.max(1, Math.round((now - first) / DAY) + 0);
  const pages = recent.reduce((sum, d) => sum + d.pages, 0);
  // Calendar-day rate: weekends and days off are in the span, so the date is a real calendar date.
  const perDay = pages / spanDays;
  if (perDay <= 0) return { pagesPerDay: null, date: null };
  return { pagesPerDay: Math.round(perDay * 10) / 10, date: jstDate(now + Math.ceil(remaining / perDay) * DAY) };
}

export function boardSummary(store: Store, options: BoardOptions): BoardSummary {
  const scope = options.jobId ? 'job' : 'all';
  const st = statements(store.sqlite)[scope];
  const args = options.jobId ? [options.jobId] : [];
  const wip = st.wip!.all(...args) as { stepKey: VolumeStepKey; status: string; volumes: number; pages: number }[];
  const expected = st.expected!.get(...args) as { volumes: number; pages: number; jobs: number };
  const completed = new Map(((st.completed?.all(...args) ?? []) as { stepKey: string; pages: number }[]).map((r) => [r.stepKey, r.pages]));
  const daily = st.daily!.all(...args) as { day: string; pages: number }[];
  const active = st.active!.all(...args) as { workerId: string | null; stepKey: string; since: number; code: string }[];

  const keys: VolumeStepKey[] = [...defaultWorkflow.map((s) => s.key), DONE];
  // Operator-wide, "completed" = pages of volumes now past the step (re-completions after a send-back are not
  // counted again); composite-only steps cannot be told apart there and show no figure.
  const pastStep = (i: number) => wip.filter((w) => keys.indexOf(w.stepKey) > i).reduce((n, w) => n + (w.pages ?? 0), 0);
  const steps: BoardStep[] = keys.map((stepKey, i) => {
    const rows = wip.filter((w) => w.stepKey === stepKey);
    const done = scope === 'job' ? (completed.get(stepKey) ?? 0) : stepKey === DONE || defaultWorkflow[i]?.compositeOnly ? null : pastStep(i);
    const minutes = options.workedMinutes ? (options.workedMinutes[stepKey] ?? 0) : null;
    return {
      stepKey,
      waitingVolumes: rows.filter((r) => r.status === 'waiting').reduce((s, r) => s + r.volumes, 0),
      activeVolumes: rows.filter((r) => r.status === 'in_progress').reduce((s, r) => s + r.volumes, 0),
      pages: rows.reduce((s, r) => s + (r.pages ?? 0), 0),
      completedPages: done,
      workedMinutes: minutes,
      pagesPerHour: minutes && minutes > 0 && done !== null ? Math.round((done / (minutes / 60)) * 10) / 10 : null,
    };
  });

  let cumulative = 0;
  const burndown = daily.map((d) => {
    cumulative += d.pages;
    return { day: d.day, scanned: cumulative, remaining: Math.max(0, expected.pages - cumulative) };
  });
  const scanned = Math.min(cumulative, expected.pages);
  const fc = forecast(daily, expected.pages - scanned, options.now);
  return {
    scope,
    jobs: expected.jobs,
    volumes: expected.volumes,
    pagesExpected: expected.pages,
    pagesRegistered: wip.reduce((s, r) => s + (r.pages ?? 0), 0),
    pagesScanned: scanned,
    pagesDelivered: scope === 'job' ? (completed.get('deliver') ?? 0) : wip.filter((w) => w.stepKey === DONE).reduce((n, w) => n + (w.pages ?? 0), 0),
    steps,
    active: active.map((a) => ({ volumeCode: a.code, stepKey: a.stepKey, since: a.since, workerName: a.workerId ? options.workerName(a.workerId) : '—' })),
    burndown,
    pagesPerDay: fc.pagesPerDay,
    forecastDate: fc.date,
    dueDate: options.dueDate,
    workedTimeAvailable: options.workedMinutes !== null && Object.keys(options.workedMinutes).length > 0,
  };
}
