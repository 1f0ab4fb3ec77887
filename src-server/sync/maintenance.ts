// HQ housekeeping on a timer. Request ids (replay refusal) are kept long enough to outlive any retry or capture that
// matters; after that a replayed push is still harmless, as pushes are idempotent by (device, seq) and would only be
// answered as duplicates. Without pruning the table grew by one row per push forever.
import type { Logger } from '../logging/logger';
import type { SqlDb } from '../store/sql';

export const REQUEST_ID_RETENTION_MS = 30 * 86_400_000;
const EVERY_MS = 60 * 60_000;

export async function pruneSeenRequests(db: SqlDb, now: number): Promise<number> {
  return db.run('DELETE FROM seen_requests WHERE at < ?', [now - REQUEST_ID_RETENTION_MS]);
}

/** Runs the housekeeping now and then every hour; `stop` ends it (HQ close). */
export function startMaintenance(db: SqlDb, log: Logger, now: () => number): { stop(): void } {
  const run = async () => {
    try {
      const pruned = await pruneSeenRequests(db, now());
      if (pruned) log.info('pruned old request ids', { pruned });
    } catch (err) {
      log.warn('housekeeping failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  void run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
