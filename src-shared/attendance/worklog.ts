// A worker's work log, computed purely from their punches: non-overlapping work and break intervals per job and
// step, split at JST midnight, plus the problems a person should look at. Device and HQ compute the same thing.
import { clockWasOff } from '../core/clock-bounds';
import { jstDate, jstDayStart } from '../core/time';
import type { PunchKind } from './rows';

export interface WorklogPunch {
  id: string;
  kind: PunchKind;
  at: number;
  hlc: string;
  jobId: string | null;
  stepKey: string | null;
  siteId: string | null;
  /** HQ's measured offset of the device clock that made it (null: not measured, or not yet at HQ). */
  clockOffsetMs?: number | null;
}

export interface WorkInterval {
  kind: 'work' | 'break';
  start: number;
  end: number;
  ms: number;
  /** JST day of the interval (intervals never cross midnight). */
  date: string;
  jobId: string | null;
  stepKey: string | null;
  siteId: string | null;
  /** The session is still open today; the interval runs up to "now". */
  ongoing: boolean;
}

/** `clockOff`: a punch of the session came from a device whose clock HQ measured off beyond the tolerance. */
export type WorklogIssueKind = 'missingClockOut' | 'unexpectedPunch' | 'clockOff';

export interface WorklogIssue {
  kind: WorklogIssueKind;
  /** JST day the problem belongs to. */
  date: string;
  punchId: string;
  at: number;
}

export interface Worklog {
  intervals: WorkInterval[];
  issues: WorklogIssue[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Punches in the order they count: by time, then by HLC (the order they were made). */
export function sortPunches<T extends Pick<WorklogPunch, 'at' | 'hlc'>>(punches: readonly T[]): T[] {
  return [...punches].sort((a, b) => a.at - b.at || (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
}

/** Splits [start, end) at each JST midnight so every piece belongs to one day. */
export function splitAtMidnight(piece: Omit<WorkInterval, 'date' | 'ms'>): WorkInterval[] {
  const out: WorkInterval[] = [];
  let start = piece.start;
  while (start < piece.end) {
    const date = jstDate(start);
    const end = Math.min(piece.end, jstDayStart(date) + DAY_MS);
    out.push({ ...piece, start, end, ms: end - start, date });
    start = end;
  }
  return out;
}

interface Session {
  startPunch: WorklogPunch;
  state: 'working' | 'break';
  /** Start of the current work or break stretch. */
  stretchStart: number;
  jobId: string | null;
  stepKey: string | null;
  siteId: string | null;
  pieces: Omit<WorkInterval, 'date' | 'ms'>[];
  /** The first punch of the session whose device clock was off beyond the tolerance (decision 0065). */
  clockOff: WorklogPunch | null;
}

/**
 * Builds the work log. A session is credited only when it ends with a clock-out; a session left open on an
 * earlier day (a forgotten clock-out) is reported and not credited until a correction supplies the clock-out.
 * With `now`, a session opened today counts up to now as ongoing.
 */
export function buildWorklog(punches: readonly WorklogPunch[], voided: ReadonlySet<string> = new Set(), now?: number): Worklog {
  const intervals: WorkInterval[] = [];
  const issues: WorklogIssue[] = [];
  let session: Session | null = null;

  const closeStretch = (s: Session, end: number, ongoing = false) => {
    if (end > s.stretchStart) {
      s.pieces.push({ kind: s.state === 'working' ? 'work' : 'break', start: s.stretchStart, end, jobId: s.jobId, stepKey: s.stepKey, siteId: s.siteId, ongoing });
    }
  };
  // A session touched by a wrong clock is not credited (a clock-in 9 h behind plus a clock-out elsewhere would count
  // 9 hours): it is reported instead, until a correction supplies trustworthy times.
  const credit = (s: Session) => {
    if (s.clockOff) {
      issues.push({ kind: 'clockOff', date: jstDate(s.startPunch.at), punchId: s.clockOff.id, at: s.clockOff.at });
      return;
    }
    for (const piece of s.pieces) intervals.push(...splitAtMidnight(piece));
  };
  const unexpected = (p: WorklogPunch) => issues.push({ kind: 'unexpectedPunch', date: jstDate(p.at), punchId: p.id, at: p.at });
  const forgotten = (s: Session) =>
    issues.push({ kind: 'missingClockOut', date: jstDate(s.startPunch.at), punchId: s.startPunch.id, at: s.startPunch.at });

  for (const p of sortPunches(punches.filter((x) => !voided.has(x.id)))) {
    if (session && !session.clockOff && p.kind !== 'in' && clockWasOff(p.clockOffsetMs)) session.clockOff = p;
    switch (p.kind) {
      case 'in':
        if (session) forgotten(session);
        session = { startPunch: p, state: 'working', stretchStart: p.at, jobId: p.jobId, stepKey: p.stepKey, siteId: p.siteId, pieces: [], clockOff: clockWasOff(p.clockOffsetMs) ? p : null };
        break;
      case 'break_start':
        if (session?.state !== 'working') {
          unexpected(p);
          break;
        }
        closeStretch(session, p.at);
        session.state = 'break';
        session.stretchStart = p.at;
        break;
      case 'break_end':
        if (session?.state !== 'break') {
          unexpected(p);
          break;
        }
        closeStretch(session, p.at);
        session.state = 'working';
        session.stretchStart = p.at;
        break;
      case 'switch':
        if (session?.state !== 'working') {
          unexpected(p);
          break;
        }
        closeStretch(session, p.at);
        session.stretchStart = p.at;
        session.jobId = p.jobId;
        session.stepKey = p.stepKey;
        break;
      case 'out':
        if (!session) {
          unexpected(p);
          break;
        }
        closeStretch(session, p.at);
        credit(session);
        session = null;
        break;
    }
  }
  if (session) {
    if (now !== undefined && jstDate(session.startPunch.at) === jstDate(now) && now >= session.stretchStart) {
      closeStretch(session, now, true);
      for (const piece of session.pieces) piece.ongoing = true;
      credit(session);
    } else {
      forgotten(session);
    }
  }
  return { intervals, issues };
}

export interface DaySummary {
  date: string;
  workMs: number;
  breakMs: number;
  /** Work per job id ('' when no job was chosen). */
  byJob: Record<string, number>;
}

export interface WorkSummary {
  daysWorked: number;
  workMs: number;
  breakMs: number;
  byJob: Record<string, number>;
  /** Work per `jobId|stepKey`. */
  byStep: Record<string, number>;
  days: DaySummary[];
}

/** Totals over the intervals of the given JST month ('YYYY-MM'), or all of them. */
export function summarize(intervals: readonly WorkInterval[], month?: string): WorkSummary {
  const days = new Map<string, DaySummary>();
  const summary: WorkSummary = { daysWorked: 0, workMs: 0, breakMs: 0, byJob: {}, byStep: {}, days: [] };
  for (const i of intervals) {
    if (month && !i.date.startsWith(month)) continue;
    let day = days.get(i.date);
    if (!day) {
      day = { date: i.date, workMs: 0, breakMs: 0, byJob: {} };
      days.set(i.date, day);
    }
    if (i.kind === 'break') {
      day.breakMs += i.ms;
      summary.breakMs += i.ms;
      continue;
    }
    const job = i.jobId ?? '';
    day.workMs += i.ms;
    day.byJob[job] = (day.byJob[job] ?? 0) + i.ms;
    summary.workMs += i.ms;
    summary.byJob[job] = (summary.byJob[job] ?? 0) + i.ms;
    const step = `${job}|${i.stepKey ?? ''}`;
    summary.byStep[step] = (summary.byStep[step] ?? 0) + i.ms;
  }
  summary.days = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  summary.daysWorked = summary.days.filter((d) => d.workMs > 0).length;
  return summary;
}

export function msToMinutes(ms: number): number {
  return Math.round(ms / 60000);
}
