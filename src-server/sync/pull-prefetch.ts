// Reading a device's next pull page before it asks (decision 0061). A device taking a large pull asks for page after
// page, each request made only once the previous answer has arrived; HQ's read and compression of the next page then
// sat on the critical path of every page. As soon as HQ has answered a page that says `more`, it prepares the answer
// to the request the device will make next (the same cursors moved past that page) and keeps it for that request.
// An answer read a moment before it is asked for is the answer the device would have had a moment earlier: pages,
// checkpoints and the read-your-writes seq come from one snapshot, exactly as for any pull — unless the device has
// pushed since: then its own writes may be missing from that snapshot, and the answer is read afresh (see app.ts).
import type { PullRequest } from '../../src-shared/sync/protocol';

/** An answer ready to send, and the cursors of the request most likely to follow it (null: nothing more to pull). */
export interface PreparedPull<Body> {
  body: Body;
  rows: number;
  /** The device's last applied seq in the answer's snapshot (its read-your-writes point). */
  appliedSeq: number;
  next: { cursors: PullRequest['cursors']; full: string[] } | null;
}

interface Ahead<Body> {
  key: string;
  at: number;
  answer: Promise<PreparedPull<Body>>;
}

/** How much one answer may carry: rows, and bytes of row JSON when the device sizes pages by its link (decision 0097). */
export interface PageSize {
  limit: number;
  maxBytes?: number;
}

/** The identity of a pull request: its cursors (in any order), the buckets it fills, its page size and encodings. */
export function pullKey(cursors: PullRequest['cursors'], size: PageSize, acceptEncoding: string, full: readonly string[] = []): string {
  const sorted = Object.keys(cursors)
    .sort()
    .map((b) => `${b}=${cursors[b]}`)
    .join('&');
  return `${size.limit}/${size.maxBytes ?? ''}|${acceptEncoding}|${sorted}|${[...full].sort().join('&')}`;
}

export class PullPrefetch<Body> {
  private readonly ahead = new Map<string, Ahead<Body>>();

  constructor(
    private readonly now: () => number,
    /** Devices taking a large pull at the same time that get pages read ahead; more wait their turn as before. */
    private readonly maxDevices = 64,
    /** A page not asked for within this time is dropped (the device went away or asked for something else). */
    private readonly ttlMs = 30_000,
  ) {}

  /**
   * The answer read ahead for exactly this request, taken once; `miss` when one was read ahead for this device but
   * for another request (or too long ago), which is dropped; null when there was none.
   */
  take(deviceId: string, key: string): Promise<PreparedPull<Body>> | 'miss' | null {
    const entry = this.ahead.get(deviceId);
    if (!entry) return null;
    this.ahead.delete(deviceId);
    return entry.key === key && this.now() - entry.at <= this.ttlMs ? entry.answer : 'miss';
  }

  /** Starts preparing the answer to the request this device will most likely make next. */
  offer(deviceId: string, key: string, prepare: () => Promise<PreparedPull<Body>>): void {
    const now = this.now();
    for (const [id, entry] of this.ahead) if (now - entry.at > this.ttlMs) this.ahead.delete(id);
    if (!this.ahead.has(deviceId) && this.ahead.size >= this.maxDevices) return;
    const answer = prepare();
    // Awaited only if the device asks for it; a failure then reads the page again in the normal way.
    answer.catch(() => undefined);
    this.ahead.set(deviceId, { key, at: now, answer });
  }
}
