// Days Japanese municipal offices are closed besides weekends: national holidays (国民の祝日, incl. 振替休日) and the
// year-end closure (年末年始, 12/29–1/3). Kept as data per fiscal year, not computed: the law changes, the list does not lie.
export const closedDays: Readonly<Record<string, readonly string[]>> = {
  // FY2022 (2022-04 … 2023-03)
  FY2022: [
    '2022-04-29', '2022-05-03', '2022-05-04', '2022-05-05', '2022-07-18', '2022-08-11', '2022-09-19', '2022-09-23',
    '2022-10-10', '2022-11-03', '2022-11-23', '2022-12-29', '2022-12-30', '2022-12-31', '2023-01-01', '2023-01-02',
    '2023-01-03', '2023-01-09', '2023-02-11', '2023-02-23', '2023-03-21',
  ],
  // FY2023 (2023-04 … 2024-03)
  FY2023: [
    '2023-04-29', '2023-05-03', '2023-05-04', '2023-05-05', '2023-07-17', '2023-08-11', '2023-09-18', '2023-09-23',
    '2023-10-09', '2023-11-03', '2023-11-23', '2023-12-29', '2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02',
    '2024-01-03', '2024-01-08', '2024-02-11', '2024-02-12', '2024-02-23', '2024-03-20',
  ],
};

const closed = new Set(Object.values(closedDays).flat());

/** Fiscal years (April–March) the list covers; a report outside them says so instead of guessing. */
export function coveredMonth(month: string): boolean {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const fy = m >= 4 ? y : y - 1;
  return `FY${fy}` in closedDays;
}

export function isOfficeDay(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !closed.has(date);
}

/** Office-open days of a month 'YYYY-MM'. */
export function officeDaysIn(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  let n = 0;
  for (let d = 1; d <= last; d++) if (isOfficeDay(`${month}-${String(d).padStart(2, '0')}`)) n++;
  return n;
}
