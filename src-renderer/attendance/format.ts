// Display helpers for attendance screens: JST times and H:MM durations.
import { formatMinutes, jstDate, jstTime } from '../../src-shared/core/time';

export { formatMinutes };

/** 'HH:MM' today, 'MM/DD HH:MM' on another day. */
export function timeLabel(ms: number | null | undefined, now = Date.now()): string {
  if (ms == null) return '';
  const date = jstDate(ms);
  return date === jstDate(now) ? jstTime(ms) : `${date.slice(5).replace('-', '/')} ${jstTime(ms)}`;
}

export function currentMonth(now = Date.now()): string {
  return jstDate(now).slice(0, 7);
}

export function today(now = Date.now()): string {
  return jstDate(now);
}
