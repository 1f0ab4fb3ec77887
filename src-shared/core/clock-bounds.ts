// How far a device's clock may run ahead of HQ's before HQ stops believing it (DESIGN.md rule 7, decision 0065).
// HQ bounds every command's HLC and event time by its own clock plus this tolerance, so a loaned PC whose clock says
// 2099 cannot capture a field for ever; a punch made on a PC whose clock was off by more than this is flagged and
// not credited until a leader looks at it.
import { formatHlc, hlcWallMs, parseHlc } from './hlc';

/** Five minutes: the same bound as the sync screen's clock warning (a person sees the warning first). */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** The HLC as HQ keeps it: unchanged within the tolerance, else moved back to HQ's own time (node kept). */
export function boundHlc(hlc: string, hqNow: number): string {
  if (hlcWallMs(hlc) <= hqNow + CLOCK_TOLERANCE_MS) return hlc;
  const state = parseHlc(hlc);
  return formatHlc({ wallMs: hqNow, counter: state.counter, node: state.node });
}

/** An event time as HQ keeps it: never later than HQ's clock plus the tolerance. */
export function boundTime(at: number, hqNow: number): number {
  return at > hqNow + CLOCK_TOLERANCE_MS ? hqNow : at;
}

/** A punch whose device clock HQ measured off by more than the tolerance (either way). */
export function clockWasOff(clockOffsetMs: number | null | undefined): boolean {
  return clockOffsetMs !== null && clockOffsetMs !== undefined && Math.abs(clockOffsetMs) > CLOCK_TOLERANCE_MS;
}
