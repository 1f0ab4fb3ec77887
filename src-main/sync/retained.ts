// The device's half of the replica contract's bookkeeping (src-shared/sync/replica.ts): acknowledged commands move
// from the queue to the safety window, come back to the queue when HQ forgot them (HQ restored), and are renumbered
// with the queue when the device re-attaches under a fresh identity (decision 0067). Plain statements; callers hold
// the transaction.
import type Database from 'better-sqlite3';
import { getTableName } from 'drizzle-orm';
import { localTables } from '../store/synced-tables';
import { RETENTION, type LocalQueueFacts } from '../../src-shared/sync/replica';

const COLUMNS = 'seq, id, name, args, actor, hlc, device_time, effects';

export function createRetained(sqlite: Database.Database) {
  const s = {
    keep: sqlite.prepare(`INSERT OR REPLACE INTO sync_acked (${COLUMNS}, acked_at) SELECT ${COLUMNS}, ? FROM outbox WHERE seq = ?`),
    drop: sqlite.prepare('DELETE FROM outbox WHERE seq = ?'),
    lastIssued: sqlite
      .prepare('SELECT MAX(COALESCE((SELECT last FROM outbox_seq WHERE id = 1), 0), COALESCE((SELECT MAX(seq) FROM outbox), 0), COALESCE((SELECT MAX(seq) FROM sync_acked), 0))')
      .pluck(),
    acked: sqlite.prepare('SELECT hq_applied_seq FROM sync_state').pluck(),
    setAcked: sqlite.prepare('UPDATE sync_state SET hq_applied_seq = ?'),
    raiseAcked: sqlite.prepare('UPDATE sync_state SET hq_applied_seq = MAX(hq_applied_seq, ?)'),
    oldestRetained: sqlite.prepare('SELECT MIN(seq) FROM sync_acked').pluck(),
    firstPending: sqlite.prepare('SELECT MIN(seq) FROM outbox').pluck(),
    back: sqlite.prepare(`INSERT OR IGNORE INTO outbox (${COLUMNS}) SELECT ${COLUMNS} FROM sync_acked WHERE seq >= ?`),
    forget: sqlite.prepare('DELETE FROM sync_acked WHERE seq >= ?'),
    pruneAge: sqlite.prepare('DELETE FROM sync_acked WHERE acked_at < ?'),
    // Newest first, a running total of bytes: everything past the budget goes.
    pruneBytes: sqlite.prepare(
      `DELETE FROM sync_acked WHERE seq <= (SELECT seq FROM (SELECT seq, SUM(LENGTH(args) + LENGTH(effects) + 200) OVER (ORDER BY seq DESC) AS total FROM sync_acked)
       WHERE total > ? ORDER BY seq DESC LIMIT 1)`,
    ),
  };
  return {
    /** HQ acknowledged this queued command: out of the queue, into the safety window. */
    acknowledge(seq: number, now: number): void {
      s.keep.run(now, seq);
      s.drop.run(seq);
    },
    /** HQ's last applied seq as it answered it; the stored one only ever rises (a lower answer is a restored HQ). */
    raiseAcked(seq: number): void {
      s.raiseAcked.run(seq);
    },
    facts(): LocalQueueFacts {
      return {
        lastIssued: s.lastIssued.get() as number,
        ackedSeq: (s.acked.get() as number | undefined) ?? 0,
        oldestRetained: (s.oldestRetained.get() as number | null) ?? null,
        firstPending: (s.firstPending.get() as number | null) ?? null,
      };
    },
    /** HQ was restored and lost what it acknowledged from `fromSeq` on: those commands are queued again. */
    requeueFrom(fromSeq: number): number {
      const n = s.back.run(fromSeq).changes;
      s.forget.run(fromSeq);
      s.setAcked.run(fromSeq - 1);
      return n;
    },
    /** The window: 30 days or 64 MB, whichever is smaller (replica.ts RETENTION). */
    prune(now: number, limits: { maxAgeMs: number; maxBytes: number } = RETENTION): number {
      return s.pruneAge.run(now - limits.maxAgeMs).changes + s.pruneBytes.run(limits.maxBytes).changes;
    },
  };
}

export type Retained = ReturnType<typeof createRetained>;

/**
 * Re-attach (decision 0067), the local half, in one transaction: the device takes its fresh identity; every command
 * it still holds — the retained window and the queue — is queued again in its original order under new seqs that
 * continue after any seq this device or HQ ever used (so sync_rejections' seqs never collide); every bucket is
 * fetched again from the start (no row is deleted: the pull replaces them). HQ deduplicates by command id.
 */
export function adoptIdentity(sqlite: Database.Database, deviceId: string, sealedSecret: string, startSeq: number, reason: string, now: number): number {
  return sqlite.transaction(() => {
    const previous = sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string;
    const all = sqlite
      .prepare(`SELECT ${COLUMNS} FROM sync_acked UNION ALL SELECT ${COLUMNS} FROM outbox ORDER BY seq`)
      .all() as { seq: number; id: string }[];
    const seen = new Set<string>();
    const list = all.filter((c) => !seen.has(c.id) && !!seen.add(c.id));
    sqlite.prepare('DELETE FROM sync_acked').run();
    sqlite.prepare('DELETE FROM outbox').run();
    const insert = sqlite.prepare(`INSERT INTO outbox (${COLUMNS}) VALUES (@seq, @id, @name, @args, @actor, @hlc, @device_time, @effects)`);
    list.forEach((c, i) => insert.run({ ...c, seq: startSeq + i }));
    const last = startSeq + list.length - 1;
    sqlite.prepare('INSERT INTO outbox_seq (id, last) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET last = excluded.last').run(last);
    sqlite.prepare('UPDATE device_info SET device_id = ?').run(deviceId);
    sqlite
      .prepare(
        `UPDATE sync_state SET sealed_secret = ?, hq_applied_seq = ?, pending_device_id = NULL, previous_device_id = ?, recovery_reason = ?, recovery_at = ?,
           last_error_code = NULL`,
      )
      .run(sealedSecret, startSeq - 1, previous, reason, now);
    sqlite.prepare('DELETE FROM sync_members').run();
    sqlite.prepare('UPDATE sync_buckets SET cursor = 0, checksum = 0, count = 0').run();
    // Every local row is checked once the full re-fetch lands: what HQ does not hold (it lost it beyond the window)
    // goes then, so the device ends with exactly HQ's rows — never before, so nothing flickers meanwhile.
    for (const [tbl, table] of Object.entries(localTables)) {
      sqlite.prepare(`INSERT OR IGNORE INTO sync_touched (key, tbl, row_id) SELECT ? || char(0) || id, ?, id FROM "${getTableName(table)}"`).run(tbl, tbl);
    }
    return list.length;
  }).immediate();
}
