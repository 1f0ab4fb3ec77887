// Reads and writes the agent's local bookkeeping (sync_* tables) with prepared statements.
import type Database from 'better-sqlite3';
import { addToChecksum, insertedRowHlc, rowHash } from '../../src-shared/sync/checksum';
import type { BucketPage, RowImage } from '../../src-shared/sync/protocol';
import { syncedTables } from '../../src-shared/sync/registry';
import type { RowWriter } from './local-rows';

export interface BucketState {
  bucket: string;
  cursor: number;
  checksum: number;
  count: number;
  /** 1 while filled from nothing: HQ must send the device's own rows too (see `full` in the pull request). */
  filling: number;
}

export interface OutboxEntry {
  seq: number;
  id: string;
  name: string;
  args: string;
  actor: string;
  hlc: string;
  device_time: number;
  effects: string;
}

/** Membership rows per statement in a snapshot: one statement per row costs ~40% more on a million rows. */
const MEMBER_CHUNK = 100;
const MEMBER_COLUMNS = 5;

/**
 * Where a bucket's members wait while the bucket is fetched again: its rows stay on screen (nobody loses the staff
 * list to a re-fetch) and the ones HQ did not send again go once the re-fetch reaches its checkpoint.
 */
const staleOf = (bucket: string) => `\u0001${bucket}`;

/** `version`: the checksum definition this device counts (checksum.ts; it follows the protocol it speaks). */
export function createLocalState(sqlite: Database.Database, rows: RowWriter, version: 1 | 2 = 2) {
  const s = {
    buckets: sqlite.prepare('SELECT bucket, cursor, checksum, count, filling FROM sync_buckets'),
    putBucket: sqlite.prepare(
      'INSERT INTO sync_buckets (bucket, cursor, checksum, count, filling) VALUES (?, ?, ?, ?, ?) ON CONFLICT(bucket) DO UPDATE SET cursor = excluded.cursor, checksum = excluded.checksum, count = excluded.count, filling = excluded.filling',
    ),
    dropBucket: sqlite.prepare('DELETE FROM sync_buckets WHERE bucket = ?'),
    member: sqlite.prepare('SELECT hash FROM sync_members WHERE tbl = ? AND row_id = ? AND bucket = ?').pluck(),
    putMember: sqlite.prepare(
      'INSERT INTO sync_members (tbl, row_id, bucket, hlc, hash) VALUES (?, ?, ?, ?, ?) ON CONFLICT(tbl, row_id, bucket) DO UPDATE SET hlc = excluded.hlc, hash = excluded.hash',
    ),
    putMembers: sqlite.prepare(`INSERT INTO sync_members (tbl, row_id, bucket, hlc, hash) VALUES ${Array(MEMBER_CHUNK).fill('(?, ?, ?, ?, ?)').join(', ')}`),
    moveMembers: sqlite.prepare('UPDATE OR REPLACE sync_members SET bucket = ? WHERE bucket = ?'),
    delMember: sqlite.prepare('DELETE FROM sync_members WHERE tbl = ? AND row_id = ? AND bucket = ?'),
    anyMember: sqlite.prepare('SELECT 1 FROM sync_members WHERE tbl = ? AND row_id = ? LIMIT 1').pluck(),
    // By bucket: a scan of the whole table (it has no index by bucket, see schema.ts). Only on leaving a scope or
    // fetching a bucket again, both rare.
    membersOf: sqlite.prepare('SELECT tbl, row_id AS id FROM sync_members WHERE bucket = ?'),
    delMembersOf: sqlite.prepare('DELETE FROM sync_members WHERE bucket = ?'),
    outboxAfter: sqlite.prepare('SELECT 1 FROM outbox WHERE seq > ? LIMIT 1').pluck(),
    touched: sqlite.prepare('SELECT tbl, row_id AS id FROM sync_touched'),
    addTouched: sqlite.prepare('INSERT OR IGNORE INTO sync_touched (key, tbl, row_id) VALUES (?, ?, ?)'),
    clearTouched: sqlite.prepare('DELETE FROM sync_touched'),
    everyMember: sqlite.prepare('SELECT bucket, hash FROM sync_members'),
  };
  const hashOf = (r: RowImage) => rowHash(version, r.tbl, r.id, r.hlc, r.data);

  const bucketMap = (): Map<string, BucketState> => new Map((s.buckets.all() as BucketState[]).map((b) => [b.bucket, b]));

  /**
   * Snapshot fast path: MEMBER_CHUNK membership rows in one plain INSERT. Refused as a whole (false, nothing
   * written: SQLite undoes just the failed statement) when a row is a deletion or already a member — a row changed
   * at HQ between two pages comes again — and the caller then takes the row-by-row path for that chunk.
   */
  // One parameter array for every chunk (the statement copies its bindings): a snapshot is thousands of chunks.
  const memberParams: (string | number)[] = new Array<string | number>(MEMBER_CHUNK * MEMBER_COLUMNS);
  const insertMembers = (bucket: string, list: RowImage[], from: number, hashes: number[]): boolean => {
    for (let k = 0; k < MEMBER_CHUNK; k++) {
      const r = list[from + k];
      if (r.data === null) return false;
      const at = MEMBER_COLUMNS * k;
      memberParams[at] = r.tbl;
      memberParams[at + 1] = r.id;
      memberParams[at + 2] = bucket;
      memberParams[at + 3] = r.hlc;
      memberParams[at + 4] = hashes[k] = hashOf(r);
    }
    try {
      s.putMembers.run(memberParams);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw err;
    }
  };

  /** One received row: replaces the bucket's old version of it in the running checksum and count (rule 5). */
  const applyRow = (bucket: string, r: RowImage, fresh: boolean, acc: { checksum: number; count: number }) => {
    const old = fresh ? undefined : (s.member.get(r.tbl, r.id, bucket) as number | undefined);
    if (old !== undefined) {
      acc.checksum = addToChecksum(acc.checksum, old, -1);
      acc.count -= 1;
    }
    if (r.data === null) {
      if (old !== undefined) s.delMember.run(r.tbl, r.id, bucket);
      dropIfOrphan(r.tbl, r.id);
      return;
    }
    const hash = hashOf(r);
    s.putMember.run(r.tbl, r.id, bucket, r.hlc, hash);
    acc.checksum = addToChecksum(acc.checksum, hash, 1);
    acc.count += 1;
    rows.upsert(r.tbl, r.data);
  };

  /** Removes a local row once no bucket of this device carries it any more (rule 6). */
  const dropIfOrphan = (tbl: string, id: string) => {
    if (!s.anyMember.get(tbl, id)) rows.remove(tbl, id);
  };

  return {
    bucketMap,
    /** Read-your-writes gate (rule 5): every local write is already part of what HQ sent. */
    gateOpen: (appliedSeq: number) => !s.outboxAfter.get(appliedSeq),

    /**
     * Applies one page of a bucket. `snapshot`: the bucket was empty when this pull began, so nearly every row is new
     * to it — membership is then written in chunks (see `insertMembers`) instead of being looked up row by row.
     */
    applyPage(page: BucketPage, state: BucketState, snapshot = false): BucketState {
      const acc = { checksum: state.checksum, count: state.count };
      // A bucket being filled from nothing has no members to look up.
      const fresh = state.cursor === 0 && state.count === 0;
      const { rows: list } = page;
      let i = 0;
      if (snapshot) {
        const hashes: number[] = new Array<number>(MEMBER_CHUNK);
        for (; i + MEMBER_CHUNK <= list.length; i += MEMBER_CHUNK) {
          const end = i + MEMBER_CHUNK;
          if (insertMembers(page.bucket, list, i, hashes)) {
            for (let k = i; k < end; k++) {
              acc.checksum = addToChecksum(acc.checksum, hashes[k - i], 1);
              rows.upsert(list[k].tbl, list[k].data!);
            }
            acc.count += MEMBER_CHUNK;
          } else {
            for (let k = i; k < end; k++) applyRow(page.bucket, list[k], false, acc);
          }
        }
      }
      for (; i < list.length; i++) applyRow(page.bucket, list[i], fresh, acc);
      // Paged from cursor 0: filled from nothing until its checkpoint, own rows included (HQ's `full`).
      const filling = state.filling || state.cursor === 0 ? 1 : 0;
      const next = { bucket: page.bucket, cursor: page.cursor, ...acc, filling };
      s.putBucket.run(next.bucket, next.cursor, next.checksum, next.count, next.filling);
      return next;
    },

    /**
     * Leaves a bucket (scope ended: its rows go, rule 6) or fetches it again from nothing (checksum mismatch, a new
     * checksum definition): then its rows stay where they are until the re-fetch is complete (see `finishFill`).
     */
    clearBucket(bucket: string, keepState: boolean): void {
      if (keepState) {
        s.moveMembers.run(staleOf(bucket), bucket);
        s.putBucket.run(bucket, 0, 0, 0, 1);
        return;
      }
      const members = [...(s.membersOf.all(bucket) as { tbl: string; id: string }[]), ...(s.membersOf.all(staleOf(bucket)) as { tbl: string; id: string }[])];
      s.delMembersOf.run(bucket);
      s.delMembersOf.run(staleOf(bucket));
      for (const m of members) dropIfOrphan(m.tbl, m.id);
      s.dropBucket.run(bucket);
    },

    /** The bucket reached HQ's checkpoint: rows of a re-fetch HQ did not send again are gone at HQ, so here too. */
    finishFill(state: BucketState): void {
      const stale = s.membersOf.all(staleOf(state.bucket)) as { tbl: string; id: string }[];
      if (stale.length) {
        s.delMembersOf.run(staleOf(state.bucket));
        for (const m of stale) dropIfOrphan(m.tbl, m.id);
      }
      s.putBucket.run(state.bucket, state.cursor, state.checksum, state.count, 0);
      state.filling = 0;
    },

    /** HQ refused a command: put back HQ's version of the rows it touched (or remove rows HQ does not have). */
    revert(images: RowImage[]): void {
      for (const img of images) {
        if (img.data) rows.upsert(img.tbl, img.data);
        else if (!s.anyMember.get(img.tbl, img.id)) rows.remove(img.tbl, img.id);
      }
    },

    /**
     * Every bucket's checksum and count recomputed from the membership table in one scan: the full check that catches
     * local damage behind the agent's back (once per agent start and once a day, see agent.ts).
     */
    recount(): Map<string, { checksum: number; count: number }> {
      const sums = new Map<string, { checksum: number; count: number }>();
      for (const r of s.everyMember.iterate() as Iterable<{ bucket: string; hash: number }>) {
        let sum = sums.get(r.bucket);
        if (!sum) {
          sum = { checksum: 0, count: 0 };
          sums.set(r.bucket, sum);
        }
        sum.checksum = addToChecksum(sum.checksum, r.hash);
        sum.count += 1;
      }
      return sums;
    },

    /**
     * HQ applied this device's command: its inserted facts are counted into the buckets the device holds, exactly as
     * HQ counts them (HQ does not echo them back — see src-server/sync/pull.ts).
     */
    countOwnInserts(effects: string | QueuedEffect[], commandHlc: string, held: Map<string, BucketState> = bucketMap()): void {
      for (const e of typeof effects === 'string' ? parseEffects(effects) : effects) {
        const spec = syncedTables[e.table];
        if (e.op !== 'insert' || !e.row || !spec) continue;
        const hlc = insertedRowHlc(e.row, commandHlc);
        const hash = rowHash(version, e.table, e.row.id, hlc, e.row);
        for (const bucket of spec.buckets(e.row)) {
          const state = held.get(bucket);
          if (!state || state.cursor === 0) continue;
          const old = s.member.get(e.table, e.row.id, bucket) as number | undefined;
          if (old !== undefined) continue;
          s.putMember.run(e.table, e.row.id, bucket, hlc, hash);
          state.checksum = addToChecksum(state.checksum, hash);
          state.count += 1;
          s.putBucket.run(bucket, state.cursor, state.checksum, state.count, state.filling);
        }
      }
    },

    remember(touches: { tbl: string; id: string }[]): void {
      for (const t of touches) s.addTouched.run(`${t.tbl}\u0000${t.id}`, t.tbl, t.id);
    },

    /** After a complete checkpoint: rows written locally that no bucket of this device carries are not ours to keep. */
    pruneTouched(): void {
      for (const t of s.touched.all() as { tbl: string; id: string }[]) dropIfOrphan(t.tbl, t.id);
      s.clearTouched.run();
    },
  };
}

export type LocalState = ReturnType<typeof createLocalState>;

/** Rows an outbox command changed, from the effects it recorded. */
/** A queued command's recorded effect, as far as sync reads it. */
export interface QueuedEffect {
  op: string;
  table: string;
  id?: string;
  row?: Record<string, unknown> & { id: string };
}

export function parseEffects(effectsJson: string): QueuedEffect[] {
  return JSON.parse(effectsJson) as QueuedEffect[];
}

export function touchesOf(effects: string | QueuedEffect[]): { tbl: string; id: string }[] {
  return (typeof effects === 'string' ? parseEffects(effects) : effects).map((e) => ({ tbl: e.table, id: e.op === 'patch' ? e.id! : e.row!.id }));
}
