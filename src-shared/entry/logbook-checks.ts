// Checks across a vehicle's whole logbook, where all of its rows meet (every page, unit and batch of a job):
// odometer continuity and overlapping trips per vehicle, plus the row-level contradictions a person flagged as
// 原本どおり. Pure: the device's review screen and report run it, and so can HQ.

/** Where a trip was keyed: enough for a person to find the line on paper. */
export interface TripRef {
  batchCode: string;
  unitLabel: string;
  /** Page number within the batch (1-based). */
  page: number;
  /** Row on the page (1-based). */
  row: number;
}

/** A person's word on one trip: the paper really says so (counted), or leave it out of the figures. */
export type TripMark = 'asWritten' | 'exclude';

export interface Trip {
  vehicle: string;
  department: string;
  date: string; // YYYY-MM-DD
  timeOut: string; // HH:MM
  timeIn: string; // HH:MM
  odoOut: number;
  odoIn: number;
  ref?: TripRef;
  mark?: TripMark | null;
  markNote?: string;
}

export type LogbookIssueKind = 'odometerBack' | 'overlap' | 'returnBeforeDeparture' | 'odometerReversed';

/** The numbers of one trip as keyed, for a message that shows them. */
export interface TripFacts {
  ref: TripRef | null;
  date: string;
  timeOut: string;
  timeIn: string;
  odoOut: number;
  odoIn: number;
  mark: TripMark | null;
  markNote: string;
}

export interface LogbookIssue {
  kind: LogbookIssueKind;
  vehicle: string;
  /** Month of the trip the issue is about ('YYYY-MM'). */
  month: string;
  trip: TripFacts;
  /** The earlier trip it contradicts (odometerBack, overlap). */
  other: TripFacts | null;
  /** Whether a person has already spoken for the trip (flagged 原本どおり or excluded). */
  settled: boolean;
}

export function facts(t: Trip): TripFacts {
  return { ref: t.ref ?? null, date: t.date, timeOut: t.timeOut, timeIn: t.timeIn, odoOut: t.odoOut, odoIn: t.odoIn, mark: t.mark ?? null, markNote: t.markNote ?? '' };
}

/** Chronological order of a vehicle's trips; paper order breaks ties so a report is stable. */
export function chronological(a: Trip, b: Trip): number {
  return (
    a.date.localeCompare(b.date) ||
    a.timeOut.localeCompare(b.timeOut) ||
    a.odoOut - b.odoOut ||
    (a.ref?.batchCode ?? '').localeCompare(b.ref?.batchCode ?? '') ||
    (a.ref?.page ?? 0) - (b.ref?.page ?? 0) ||
    (a.ref?.row ?? 0) - (b.ref?.row ?? 0)
  );
}

export function byVehicle(trips: Trip[]): Map<string, Trip[]> {
  const out = new Map<string, Trip[]>();
  for (const t of trips) {
    const list = out.get(t.vehicle);
    if (list) list.push(t);
    else out.set(t.vehicle, [t]);
  }
  for (const list of out.values()) list.sort(chronological);
  return out;
}

/**
 * Every contradiction in the logbooks. Continuity compares each trip with the one before it in time (whatever page
 * or batch it was keyed on); an overlap compares a trip with the latest return so far that day. Excluded trips take
 * no part: leaving a duplicate out is how a reviewer settles the trip that follows it.
 */
export function logbookIssues(trips: Trip[]): LogbookIssue[] {
  const issues: LogbookIssue[] = [];
  const counted = trips.filter((t) => t.mark !== 'exclude');
  const excluded = trips.filter((t) => t.mark === 'exclude');
  const issue = (kind: LogbookIssueKind, t: Trip, other: Trip | null) =>
    issues.push({ kind, vehicle: t.vehicle, month: t.date.slice(0, 7), trip: facts(t), other: other ? facts(other) : null, settled: Boolean(t.mark) });
  for (const [, list] of byVehicle(counted)) {
    let prev: Trip | null = null;
    let latestReturn: Trip | null = null;
    for (const t of list) {
      if (t.timeIn < t.timeOut) issue('returnBeforeDeparture', t, null);
      if (t.odoIn < t.odoOut) issue('odometerReversed', t, null);
      if (prev && t.odoOut < prev.odoIn) issue('odometerBack', t, prev);
      if (latestReturn && latestReturn.date === t.date && t.timeOut < latestReturn.timeIn) issue('overlap', t, latestReturn);
      if (!latestReturn || latestReturn.date !== t.date || t.timeIn > latestReturn.timeIn) latestReturn = t;
      prev = t;
    }
  }
  // An excluded trip is still listed with the row problems it has, so the report says why it was left out.
  for (const t of excluded) {
    if (t.timeIn < t.timeOut) issue('returnBeforeDeparture', t, null);
    if (t.odoIn < t.odoOut) issue('odometerReversed', t, null);
  }
  return issues;
}

/** How a trip is named in a message: batch, page and row. */
export function refParams(ref: TripRef | null): { batch: string; page: number; row: number } {
  return { batch: ref?.batchCode ?? '', page: ref?.page ?? 0, row: ref?.row ?? 0 };
}

/** The catalog key and values of an issue's message; `ref` renders a trip reference in the caller's language. */
export function issueMessage(issue: LogbookIssue, ref: (r: TripRef | null) => string): { key: string; params: Record<string, string | number> } {
  const t = issue.trip;
  const o = issue.other;
  return {
    key: `entry.logbook.kinds.${issue.kind}`,
    params: {
      date: t.date,
      timeOut: t.timeOut,
      timeIn: t.timeIn,
      odoOut: t.odoOut,
      odoIn: t.odoIn,
      otherRef: o ? ref(o.ref) : '',
      otherDate: o?.date ?? '',
      otherOut: o?.timeOut ?? '',
      otherIn: o?.timeIn ?? '',
      prevOdoIn: o?.odoIn ?? '',
    },
  };
}
