// Time left of a long pull (a new PC's first sync), from the rows it has come to hold over the last minute of wall
// time — cuts, retries and waits included, so the estimate is what the person will really wait, not the link's peak.

/** How far back the rate looks: long enough to smooth over a retry, short enough to follow a link that changed. */
export const RATE_WINDOW_MS = 60_000;
/** Below this much measured time the rate says nothing yet. */
const MIN_SPAN_MS = 3_000;

export class RowRate {
  private samples: { at: number; held: number }[] = [];

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  /** Rows held at `at` (ms). Fewer rows than before (a bucket fetched again) start the measurement over. */
  sample(at: number, held: number): void {
    const last = this.samples.at(-1);
    if (last && held < last.held) this.samples = [];
    this.samples.push({ at, held });
    // Keep one sample at or before the window's start, so the span stays a whole window.
    while (this.samples.length > 2 && this.samples[1].at <= at - this.windowMs) this.samples.shift();
  }

  /** Rows per second over the window, or null while too little was measured. */
  perSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < MIN_SPAN_MS || last.held <= first.held) return null;
    return ((last.held - first.held) * 1000) / (last.at - first.at);
  }

  /** Seconds until `expected` rows are held at the measured rate (null: not measured yet). */
  secondsLeft(expected: number): number | null {
    const rate = this.perSecond();
    const held = this.samples.at(-1)?.held ?? 0;
    if (rate === null) return null;
    return Math.max(0, Math.ceil((expected - held) / rate));
  }

  reset(): void {
    this.samples = [];
  }
}
