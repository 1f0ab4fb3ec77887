// Rate limit and lockout for PINs and passwords, kept in SQLite so a restart or a kill does not reset it.
import { eq, gt } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import { jstTime } from '../../src-shared/core/time';
import type { Clock } from '../store/clock';
import { pinAttempts } from '../store/local-schema';
import type { Store } from '../store/open';

export const MAX_PIN_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;

export interface PinLockout {
  /** Throws `locked_out` while the subject is locked. */
  assertNotLocked(subject: string): void;
  /** Counts a failure; returns when the lockout it started ends, or null while under the limit. */
  recordFailure(subject: string): number | null;
  recordSuccess(subject: string): void;
  /** Ends a lockout early (an administrator's unlock); returns whether there was one. */
  clear(subject: string): boolean;
  /** Subjects locked right now, with when each lockout ends. */
  active(): { subject: string; lockedUntil: number }[];
}

/** The refusal names when the lockout ends (JST wall time) and how long that is, so a person knows whether to wait. */
export function lockedOut(lockedUntil: number, now: number): AppError {
  return new AppError('locked_out', 'errors.lockedOut', { until: jstTime(lockedUntil), minutes: Math.ceil((lockedUntil - now) / 60000) });
}

export function createPinLockout(store: Store, clock: Clock): PinLockout {
  const { db } = store;
  const read = (subject: string) => db.select().from(pinAttempts).where(eq(pinAttempts.subject, subject)).get();
  return {
    assertNotLocked(subject) {
      const row = read(subject);
      const now = clock.now();
      if (row?.lockedUntil && row.lockedUntil > now) {
        throw lockedOut(row.lockedUntil, now);
      }
    },
    recordFailure(subject) {
      const now = clock.now();
      const row = read(subject);
      // A lockout that has run out starts the count again.
      const expired = row?.lockedUntil != null && row.lockedUntil <= now;
      const failures = (expired ? 0 : (row?.failures ?? 0)) + 1;
      const lockedUntil = failures >= MAX_PIN_FAILURES ? now + LOCKOUT_MS : null;
      db.insert(pinAttempts)
        .values({ subject, failures, lockedUntil, lastFailureAt: now })
        .onConflictDoUpdate({ target: pinAttempts.subject, set: { failures, lockedUntil, lastFailureAt: now } })
        .run();
      return lockedUntil;
    },
    recordSuccess(subject) {
      db.delete(pinAttempts).where(eq(pinAttempts.subject, subject)).run();
    },
    clear(subject) {
      const row = read(subject);
      db.delete(pinAttempts).where(eq(pinAttempts.subject, subject)).run();
      return row?.lockedUntil != null && row.lockedUntil > clock.now();
    },
    active() {
      const now = clock.now();
      return db
        .select()
        .from(pinAttempts)
        .where(gt(pinAttempts.lockedUntil, now))
        .all()
        .map((r) => ({ subject: r.subject, lockedUntil: r.lockedUntil! }));
    },
  };
}
