// Facts the update decision needs from the local store.
import type { Store } from '../store/open';

/** A clock-in older than this is a forgotten clock-out, not someone at work: it must not hold updates back for ever. */
const STALE_MS = 16 * 60 * 60 * 1000;

export function clockedInCount(store: Store, now: number): number {
  const row = store.sqlite.prepare("SELECT count(*) AS n FROM presence WHERE state != 'out' AND since > ?").get(now - STALE_MS) as { n: number };
  return row.n;
}
