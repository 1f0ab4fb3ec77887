// Days Japanese municipal offices are closed besides weekends: national holidays (国民の祝日, incl. 振替休日 and
// 国民の休日) from the maintained `@holiday-jp/holiday_jp` list, and the year-end closure (年末年始, 12/29–1/3) that
// 行政機関の休日に関する法律 fixes by law rather than by calendar.
import holidays from '@holiday-jp/holiday_jp/lib/holidays.js';

const nationalHolidays: ReadonlySet<string> = new Set(Object.keys(holidays));
const listedYears = [...nationalHolidays].map((d) => Number(d.slice(0, 4)));
const firstYear = Math.min(...listedYears);
const lastYear = Math.max(...listedYears);

/** The national holiday on `date` (YYYY-MM-DD), in Japanese, if any. */
export function holidayName(date: string): string | null {
  return (holidays as Record<string, { name: string } | undefined>)[date]?.name ?? null;
}

/** Whether the holiday list covers the month; a report outside it says so instead of guessing. */
export function coveredMonth(month: string): boolean {
  const y = Number(month.slice(0, 4));
  return y >= firstYear && y <= lastYear;
}

function yearEndClosure(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}

export function isOfficeDay(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !nationalHolidays.has(date) && !yearEndClosure(date);
}

/** Office-open days of a month 'YYYY-MM'. */
export function officeDaysIn(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  let n = 0;
  for (let d = 1; d <= last; d++) if (isOfficeDay(`${month}-${String(d).padStart(2, '0')}`)) n++;
  return n;
}
