// The client's insight from vehicle logbooks: per vehicle, department and month — days used, utilization,
// hours out, km and the peak number of vehicles out at once (to right-size the fleet).
import { coveredMonth, officeDaysIn } from './holidays';

export interface Trip {
  vehicle: string;
  department: string;
  date: string; // YYYY-MM-DD
  timeOut: string; // HH:MM
  timeIn: string; // HH:MM
  odoOut: number;
  odoIn: number;
}

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

export interface MonthLine {
  month: string;
  officeDays: number;
  vehiclesUsed: number;
  trips: number;
  hoursOut: number;
  km: number;
  /** Most vehicles out at the same moment in the month. */
  peakInUse: number;
  /** Whether the closed-day list covers the month. */
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

function summarize(trips: Trip[], keyOf: (t: Trip) => string): UsageLine[] {
  const groups = new Map<string, Trip[]>();
  for (const t of trips) {
    const k = `${keyOf(t)}\u0000${t.date.slice(0, 7)}`;
    const list = groups.get(k);
    if (list) list.push(t);
    else groups.set(k, [t]);
  }
  const lines: UsageLine[] = [];
  for (const [k, list] of groups) {
    const [key, month] = k.split('\u0000') as [string, string];
    const days = new Set(list.map((t) => t.date)).size;
    const officeDays = officeDaysIn(month);
    const mins = list.reduce((s, t) => s + Math.max(0, minutes(t.timeIn) - minutes(t.timeOut)), 0);
    const km = list.reduce((s, t) => s + Math.max(0, t.odoIn - t.odoOut), 0);
    lines.push({
      key,
      month,
      trips: list.length,
      daysUsed: days,
      officeDays,
      utilization: officeDays ? round(days / officeDays, 4) : 0,
      hoursOut: round(mins / 60, 2),
      km,
    });
  }
  return lines.sort((a, b) => a.key.localeCompare(b.key, 'ja') || a.month.localeCompare(b.month));
}

/**
 * Sweep over departures and returns; a return at the same minute as a departure frees the car first. Counts distinct
 * vehicles out, not trips: two overlapping trips of one car (a paper mistake) are still one car in use.
 */
function peakConcurrent(trips: Trip[]): number {
  const events: [string, number, string][] = [];
  for (const t of trips) {
    events.push([`${t.date} ${t.timeOut}`, 1, t.vehicle], [`${t.date} ${t.timeIn}`, -1, t.vehicle]);
  }
  events.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  const open = new Map<string, number>();
  let peak = 0;
  for (const [, d, vehicle] of events) {
    const n = (open.get(vehicle) ?? 0) + d;
    if (n <= 0) open.delete(vehicle);
    else open.set(vehicle, n);
    peak = Math.max(peak, open.size);
  }
  return peak;
}

export function utilizationReport(trips: Trip[]): UtilizationReport {
  const byMonthTrips = new Map<string, Trip[]>();
  for (const t of trips) {
    const m = t.date.slice(0, 7);
    const list = byMonthTrips.get(m);
    if (list) list.push(t);
    else byMonthTrips.set(m, [t]);
  }
  const byMonth: MonthLine[] = [...byMonthTrips.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, list]) => ({
      month,
      officeDays: officeDaysIn(month),
      vehiclesUsed: new Set(list.map((t) => t.vehicle)).size,
      trips: list.length,
      hoursOut: round(list.reduce((s, t) => s + Math.max(0, minutes(t.timeIn) - minutes(t.timeOut)), 0) / 60, 2),
      km: list.reduce((s, t) => s + Math.max(0, t.odoIn - t.odoOut), 0),
      peakInUse: peakConcurrent(list),
      calendarKnown: coveredMonth(month),
    }));
  return {
    byVehicle: summarize(trips, (t) => t.vehicle),
    byDepartment: summarize(trips, (t) => t.department),
    byMonth,
  };
}
