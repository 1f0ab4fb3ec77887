// The client's insight from vehicle logbooks: per vehicle, department and month — days used, utilization,
// hours out, km and the peak number of vehicles out at once (to right-size the fleet).
import { coveredMonth, officeDaysIn } from './holidays';
import { byVehicle, type Trip } from './logbook-checks';

export type { Trip } from './logbook-checks';

export interface UsageLine {
  /** Vehicle number or department name. */
  key: string;
  month: string;
  trips: number;
  daysUsed: number;
  officeDays: number;
  /** daysUsed ÷ officeDays, 0..1 (may exceed 1 when used on closed days). */
  utilization: number;
  hoursOut: number;
  km: number;
}

/** A stretch of one day during which the month's peak number of vehicles were out together. */
export interface PeakWindow {
  date: string;
  from: string;
  to: string;
  /** Every vehicle out at some moment of the window. */
  vehicles: string[];
}

export interface MonthLine {
  month: string;
  officeDays: number;
  vehiclesUsed: number;
  trips: number;
  hoursOut: number;
  km: number;
  /** Most vehicles out at the same moment in the month. */
  peakInUse: number;
  /** When that happened: every window at the peak, in time order. */
  peakWindows: PeakWindow[];
  /** Whether the holiday list covers the month. */
  calendarKnown: boolean;
}

export interface UtilizationReport {
  byVehicle: UsageLine[];
  byDepartment: UsageLine[];
  byMonth: MonthLine[];
}

function minutes(t: string): number {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** A counted trip with what it adds to the figures. */
interface Counted {
  trip: Trip;
  minutes: number;
  km: number;
}

/**
 * What each trip adds. Hours: a vehicle is out once however many lines of paper say so, so per vehicle and day a
 * trip adds only the minutes no earlier trip of that vehicle already covers (an overlapping or duplicated line cannot
 * inflate hours), and a return before departure adds nothing. Km: the trip's own odometer difference, never below 0.
 */
function contributions(trips: Trip[]): Counted[] {
  const out: Counted[] = [];
  for (const [, list] of byVehicle(trips)) {
    let day = '';
    let coveredUntil = 0;
    for (const t of list) {
      if (t.date !== day) [day, coveredUntil] = [t.date, 0];
      const start = Math.max(minutes(t.timeOut), coveredUntil);
      const end = minutes(t.timeIn);
      out.push({ trip: t, minutes: Math.max(0, end - start), km: Math.max(0, t.odoIn - t.odoOut) });
      coveredUntil = Math.max(coveredUntil, end);
    }
  }
  return out;
}

function summarize(counted: Counted[], keyOf: (t: Trip) => string): UsageLine[] {
  const groups = new Map<string, Counted[]>();
  for (const c of counted) {
    const k = `${keyOf(c.trip)}\u0000${c.trip.date.slice(0, 7)}`;
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  const lines: UsageLine[] = [];
  for (const [k, list] of groups) {
    const [key, month] = k.split('\u0000') as [string, string];
    const days = new Set(list.map((c) => c.trip.date)).size;
    const officeDays = officeDaysIn(month);
    lines.push({
      key,
      month,
      trips: list.length,
      daysUsed: days,
      officeDays,
      utilization: officeDays ? round(days / officeDays, 4) : 0,
      hoursOut: round(list.reduce((s, c) => s + c.minutes, 0) / 60, 2),
      km: list.reduce((s, c) => s + c.km, 0),
    });
  }
  return lines.sort((a, b) => a.key.localeCompare(b.key, 'ja') || a.month.localeCompare(b.month));
}

/**
 * Sweep over departures and returns; a return at the same minute as a departure frees the car first. Counts distinct
 * vehicles out, not trips: two overlapping trips of one car (a paper mistake) are still one car in use. Every
 * stretch of time at the peak is kept, so the report can say when the fleet was stretched, not only how far.
 */
function peakConcurrent(trips: Trip[]): { peak: number; windows: PeakWindow[] } {
  const events: [string, number, string][] = [];
  // A trip that returns before it leaves (flagged as the paper says) was never out as far as the sweep can tell.
  for (const t of trips) if (t.timeOut < t.timeIn) events.push([`${t.date} ${t.timeOut}`, 1, t.vehicle], [`${t.date} ${t.timeIn}`, -1, t.vehicle]);
  events.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  const open = new Map<string, number>();
  let peak = 0;
  let windows: PeakWindow[] = [];
  let current: PeakWindow | null = null;
  for (let i = 0; i < events.length; ) {
    const at = events[i][0];
    for (; i < events.length && events[i][0] === at; i++) {
      const [, d, vehicle] = events[i];
      const n = (open.get(vehicle) ?? 0) + d;
      if (n <= 0) open.delete(vehicle);
      else open.set(vehicle, n);
    }
    const [date, time] = at.split(' ') as [string, string];
    if (open.size > peak) {
      peak = open.size;
      current = { date, from: time, to: time, vehicles: [...open.keys()] };
      windows = [current];
    } else if (open.size === peak && peak > 0) {
      if (!current) windows.push((current = { date, from: time, to: time, vehicles: [] }));
      for (const v of open.keys()) if (!current.vehicles.includes(v)) current.vehicles.push(v);
    } else if (current) {
      current.to = time;
      current = null;
    }
  }
  for (const w of windows) w.vehicles.sort((a, b) => a.localeCompare(b, 'ja'));
  return { peak, windows };
}

/** The figures of the trips people did not exclude. */
export function utilizationReport(trips: Trip[]): UtilizationReport {
  const counted = contributions(trips.filter((t) => t.mark !== 'exclude'));
  const byMonthTrips = new Map<string, Counted[]>();
  for (const c of counted) {
    const m = c.trip.date.slice(0, 7);
    const list = byMonthTrips.get(m);
    if (list) list.push(c);
    else byMonthTrips.set(m, [c]);
  }
  const byMonth: MonthLine[] = [...byMonthTrips.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, list]) => {
      const { peak, windows } = peakConcurrent(list.map((c) => c.trip));
      return {
        month,
        officeDays: officeDaysIn(month),
        vehiclesUsed: new Set(list.map((c) => c.trip.vehicle)).size,
        trips: list.length,
        hoursOut: round(list.reduce((s, c) => s + c.minutes, 0) / 60, 2),
        km: list.reduce((s, c) => s + c.km, 0),
        peakInUse: peak,
        peakWindows: windows,
        calendarKnown: coveredMonth(month),
      };
    });
  return {
    byVehicle: summarize(counted, (t) => t.vehicle),
    byDepartment: summarize(counted, (t) => t.department),
    byMonth,
  };
}
