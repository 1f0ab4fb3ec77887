// Dates as the people who use Tomoni read them: stored in UTC, shown in Asia/Tokyo, fiscal year April–March.
export const TIME_ZONE = 'Asia/Tokyo';
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' of the JST calendar day containing the instant. */
export function jstDate(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM' of the JST month containing the instant. */
export function jstMonth(ms: number): string {
  return jstDate(ms).slice(0, 7);
}

/** 'HH:MM' in JST ('HH:MM:SS' with `seconds`). */
export function jstTime(ms: number, seconds = false): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(11, seconds ? 19 : 16);
}

/** Instant of 00:00 JST on the given 'YYYY-MM-DD'. */
export function jstDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00+09:00`);
}

/** Instant of the JST wall time 'YYYY-MM-DD' + 'HH:MM'. */
export function jstInstant(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00+09:00`);
}

/** [start, end) instants of a JST month 'YYYY-MM'. */
export function jstMonthRange(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [jstDayStart(`${month}-01`), jstDayStart(`${next}-01`)];
}

/** Every 'YYYY-MM-DD' in a JST month. */
export function daysOfMonth(month: string): string[] {
  const [start, end] = jstMonthRange(month);
  const days: string[] = [];
  for (let t = start; t < end; t += 24 * 60 * 60 * 1000) days.push(jstDate(t));
  return days;
}

/** 年度: the fiscal year that starts in April. 2024-03-31 belongs to FY2023. */
export function fiscalYear(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** 和暦 with era name, e.g. 令和6年4月1日, for documents officials expect. */
export function formatWareki(date: string): string {
  const fmt = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: TIME_ZONE,
  });
  return fmt.format(new Date(jstDayStart(date)));
}

/** The one way exports write a date (and Excel's number format for it): 2024/04/01, what Japanese Excel shows. */
export const DATE_FORMAT_XLSX = 'yyyy/mm/dd';

/** 'YYYY-MM-DD' → 'YYYY/MM/DD': the one date format of screens and files (CSV cells, printed sheets). */
export function formatDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.replace(/-/g, '/') : date;
}

/** 'YYYY-MM' as a month heading: 2024/04, or 令和6年4月 in a document for a municipality. */
export function formatMonth(month: string, wareki = false): string {
  if (!isMonth(month)) return month;
  return wareki ? formatWareki(`${month}-01`).replace(/\d+日$/, '') : month.replace('-', '/');
}

/**
 * An instant as people read it in lists, logs and files: '2024/04/01 14:05' in JST, whatever the PC's own zone and
 * language (the one date-and-time format of every screen); `seconds` for logs where order within a minute matters.
 */
export function formatDateTime(ms: number, seconds = false): string {
  return `${formatDate(jstDate(ms))} ${jstTime(ms, seconds)}`;
}

/** Today as a large heading reads it (the kiosk): 2024年4月1日(月) / Mon, 1 April 2024, in JST. */
export function formatLongDate(ms: number, language: string): string {
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(ms);
}

/**
 * 年度 in 和暦, e.g. 令和5年度 for FY2023 (April 2023 – March 2024). FY2019 is 令和元年度, as offices named it after
 * the era changed on 1 May, hence the era of 1 May.
 */
export function formatFiscalYearWareki(fy: number): string {
  const era = formatWareki(`${fy}-05-01`).replace(/\d+月\d+日$/, '');
  return `${era.replace(/^(\D+)1年$/, '$1元年')}度`;
}

/** Minutes as 'H:MM', the way timesheets show durations. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}
