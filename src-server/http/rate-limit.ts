// Attempts per key (a source address, a code) in a sliding window, in memory: enough for one HQ process, and a
// restart only forgives what the window would have forgiven soon anyway (decision 0078).
export interface RateRule {
  /** Attempts allowed per window. */
  max: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rule: RateRule,
    private readonly now: () => number,
    /** Keys tracked at most: past this the oldest are forgotten, so a flood of addresses cannot fill memory. */
    private readonly maxKeys = 50_000,
  ) {}

  /** Records one attempt for `key`; false (and nothing recorded) when the key has used up its window. */
  take(key: string): boolean {
    const now = this.now();
    const since = now - this.rule.windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.rule.max) {
      this.hits.set(key, times);
      return false;
    }
    times.push(now);
    this.hits.delete(key);
    this.hits.set(key, times);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }

  /** Has `key` used up its window? (Records nothing.) */
  full(key: string): boolean {
    const since = this.now() - this.rule.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since).length >= this.rule.max;
  }

  /** Seconds until `key` may try again (for Retry-After). */
  retryAfterSeconds(key: string): number {
    const times = this.hits.get(key) ?? [];
    if (times.length === 0) return 1;
    return Math.max(1, Math.ceil((times[0] + this.rule.windowMs - this.now()) / 1000));
  }
}
