// Warns when this device's clock is obviously wrong (DESIGN.md rule 7): never blocks, only tells a person.
import { hlcWallMs } from '../../src-shared/core/hlc';
import type { AppStatus } from '../../src-shared/app/contract';

/** Earlier than this the data cannot have been made: Tomoni did not exist. */
const EARLIEST_PLAUSIBLE = Date.parse('2024-01-01T00:00:00Z');
const TOLERANCE_MS = 5 * 60 * 1000;

export function clockWarning(now: number, lastHlc: string | null): AppStatus['clockWarning'] {
  if (now < EARLIEST_PLAUSIBLE || now > Date.parse('2100-01-01T00:00:00Z')) {
    return { kind: 'implausible', skewMinutes: 0 };
  }
  if (lastHlc) {
    const seen = hlcWallMs(lastHlc);
    if (seen - now > TOLERANCE_MS) return { kind: 'behind', skewMinutes: Math.round((seen - now) / 60000) };
  }
  return null;
}
