// The generic entity store: one operator's rows of every synced table, the per-bucket change log and the bucket
// checksums, all written inside the caller's transaction. Same code on SQLite and PostgreSQL.
import type { Effect, EntityReader, Primitive, Row } from '../../src-shared/commands/define';
import { mergePatch } from '../../src-shared/commands/patch';
import { withFields } from '../../src-shared/core/objects';
import { syncedTables } from '../../src-shared/sync/registry';
import { addToChecksum, rowHashV2 } from '../../src-shared/sync/checksum';
import { maxHlc } from '../../src-shared/sync/protocol';
import { findSql } from './lookups';
import { miss, RowCache } from './row-cache';
import type { Param, Queryable } from './sql';

export interface Entity {
  tbl: string;
  id: string;
  data: Row;
  hlc: string;
  fieldHlc: Record<string, string>;
}

interface EntityRecord {
  data: string;
  hlc: string;
  field_hlc: string | null;
}

const GET_ENTITY = 'SELECT data, hlc, field_hlc FROM entities WHERE operator_id = ? AND tbl = ? AND id = ?';

function toEntity(tbl: string, id: string, r: EntityRecord): Entity {
  return { tbl, id, data: JSON.parse(r.data) as Row, hlc: r.hlc, fieldHlc: r.field_hlc ? (JSON.parse(r.field_hlc) as Record<string, string>) : {} };
}

export async function loadEntity(q: Queryable, operatorId: string, tbl: string, id: string): Promise<Entity | undefined> {
  const rows = await q.all<EntityRecord>(GET_ENTITY, [operatorId, tbl, id]);
  return rows[0] ? toEntity(tbl, id, rows[0]) : undefined;
}

async function findEntities(q: Queryable, operatorId: string, tbl: string, where: Record<string, Primitive>): Promise<Row[]> {
  const { sql, params } = findSql(q.dialect, tbl, where);
  const rows = await q.all<{ data: string }>(sql, [operatorId, ...params]);
  return rows.map((r) => JSON.parse(r.data) as Row);
}

/** SQLite reader: statements run synchronously; made once per connection and operator (a hot path). */
interface SyncReader extends EntityReader {
  /** The running transaction's cache, set for the duration of one rule. */
  rows: RowCache | null;
}

const syncReaders = new WeakMap<Queryable, Map<string, SyncReader>>();

function syncReader(q: Queryable, operatorId: string): SyncReader {
  let byOperator = syncReaders.get(q);
  if (!byOperator) {
    byOperator = new Map();
    syncReaders.set(q, byOperator);
  }
  let reader = byOperator.get(operatorId);
  if (!reader) {
    const sync = q.allSync!.bind(q);
    const read = (tbl: string, id: string): Row | undefined => {
      const r = sync<EntityRecord>(GET_ENTITY, [operatorId, tbl, id])[0];
      return r ? (JSON.parse(r.data) as Row) : undefined;
    };
    const self: SyncReader = {
      rows: null,
      get<R extends { id: string }>(tbl: string, id: string) {
        const rows = self.rows;
        if (!rows) return read(tbl, id) as R | undefined;
        const cached = rows.get(tbl, id);
        return (cached === miss ? rows.remember(tbl, id, read(tbl, id)) : cached) as R | undefined;
      },
      find<R extends { id: string }>(tbl: string, where: Record<string, Primitive>) {
        const { sql, params } = findSql('sqlite', tbl, where);
        return sync<{ data: string }>(sql, [operatorId, ...params]).map((r) => JSON.parse(r.data) as R);
      },
    };
    reader = self;
    byOperator.set(operatorId, reader);
  }
  return reader;
}

/**
 * Runs a pure rule against HQ's store. On SQLite reads are synchronous. `rows`: the transaction's cache of rows read
 * by id (see RowCache).
 */
export async function runWithReader<T>(q: Queryable, operatorId: string, rule: (reader: EntityReader) => T, rows: RowCache | null = null): Promise<T> {
  if (!q.allSync) return runInPasses(q, operatorId, rule, rows);
  const reader = syncReader(q, operatorId);
  reader.rows = rows;
  try {
    return rule(reader);
  } finally {
    reader.rows = null;
  }
}

/** A safety net against a rule whose reads never settle; real rules need a few passes (see runInPasses). */
const MAX_PASSES = 10_000;

/**
 * PostgreSQL: reads are asynchronous, rules synchronous. The rule runs in passes: a read not loaded yet answers
 * "nothing" (undefined, or no rows) and is noted; when a pass noted any, its outcome — value or error — is thrown
 * away, the noted reads are fetched and the rule runs again. Rules are pure, so only a pass that got everything it
 * asked for counts. One pass collects every read that does not hang on an earlier missing one: a loop over the
 * input's volumes takes one pass, not one per volume (a rule once needed more than the 100 passes then allowed, and
 * its command could never be applied).
 */
async function runInPasses<T>(q: Queryable, operatorId: string, rule: (reader: EntityReader) => T, rows: RowCache | null): Promise<T> {
  const loaded = new Map<string, unknown>();
  const pending = new Map<string, () => Promise<unknown>>();
  const reader: EntityReader = {
    get<R extends { id: string }>(tbl: string, id: string) {
      const cached = rows ? rows.get(tbl, id) : miss;
      if (cached !== miss) return cached as R | undefined;
      const key = `g\u0000${tbl}\u0000${id}`;
      if (loaded.has(key)) return loaded.get(key) as R | undefined;
      pending.set(key, async () => {
        const row = (await loadEntity(q, operatorId, tbl, id))?.data;
        return rows ? rows.remember(tbl, id, row) : row;
      });
      return undefined;
    },
    find<R extends { id: string }>(tbl: string, where: Record<string, Primitive>) {
      const key = `f\u0000${tbl}\u0000${JSON.stringify(Object.entries(where).sort())}`;
      if (loaded.has(key)) return loaded.get(key) as R[];
      pending.set(key, () => findEntities(q, operatorId, tbl, where));
      return [];
    },
  };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: rule(reader) };
    } catch (error) {
      outcome = { error };
    }
    if (pending.size === 0) {
      if ('value' in outcome) return outcome.value;
      throw outcome.error;
    }
    for (const [key, load] of pending) loaded.set(key, await load());
    pending.clear();
  }
  throw new Error(`A rule kept asking for new rows (more than ${MAX_PASSES} passes)`);
}

/** A row as it will be after an effect, with the buckets it leaves and joins. */
export interface PreparedWrite {
  op: Effect['op'];
  tbl: string;
  id: string;
  before: Entity | undefined;
  data: Row;
  hlc: string;
  fieldHlc: Record<string, string> | null;
  history: { field: string; oldValue: unknown; newValue: unknown; oldHlc: string | null; hlc: string; lost: boolean }[];
  bucketsBefore: string[];
  bucketsAfter: string[];
}

/** Works out what each effect does without writing, so scope checks can refuse the command as a whole. */
export async function prepareEffects(q: Queryable, operatorId: string, effects: Effect[], commandHlc: string): Promise<PreparedWrite[]> {
  const overlay = new Map<string, Entity | undefined>();
  const out: PreparedWrite[] = [];
  for (const effect of effects) {
    const spec = syncedTables[effect.table];
    if (!spec) throw new Error(`HQ does not know table ${effect.table}`);
    const id = effect.op === 'patch' ? effect.id : effect.row.id;
    const key = `${effect.table}\u0000${id}`;
    // Facts are almost always new: an insert skips the read and lets the write itself find out (ON CONFLICT).
    const before = overlay.has(key) ? overlay.get(key) : effect.op === 'insert' ? undefined : await loadEntity(q, operatorId, effect.table, id);
    let data: Row;
    let hlc: string;
    let fieldHlc: Record<string, string> | null = null;
    let history: PreparedWrite['history'] = [];
    if (effect.op === 'insert') {
      if (before) continue; // facts are append-only: the same insert twice is a no-op
      data = effect.row;
      hlc = typeof effect.row.hlc === 'string' ? effect.row.hlc : commandHlc;
    } else if (effect.op === 'put') {
      data = effect.row;
      hlc = commandHlc;
    } else {
      const merged = mergePatch(before?.data, before?.fieldHlc ?? {}, effect.fields, effect.hlc);
      hlc = maxHlc(before?.hlc, effect.hlc);
      fieldHlc = merged.fieldHlc;
      data = withFields(merged.row, { id, hlc, fieldHlc });
      history = before ? merged.changes : [];
      // Even a patch that changes nothing is logged: the device that sent it must get HQ's winning values back.
    }
    const bucketsBefore = before ? spec.buckets(before.data) : [];
    const bucketsAfter = spec.buckets(data);
    const write: PreparedWrite = { op: effect.op, tbl: effect.table, id, before, data, hlc, fieldHlc, history, bucketsBefore, bucketsAfter };
    overlay.set(key, { tbl: effect.table, id, data, hlc, fieldHlc: fieldHlc ?? {} });
    out.push(write);
  }
  return out;
}

/** One buffered effect write (PostgreSQL): applied with multi-row statements at the next read or at the end. */
interface PendingWrite {
  w: PreparedWrite;
  now: number;
  origin: string | null;
}

/** Rows per multi-row statement: well under PostgreSQL's 65,535 bind parameters (10 per history row). */
const CHUNK = 1000;

/**
 * Accumulates cursor and checksum changes of one transaction; `flush` writes them once per bucket.
 * On PostgreSQL every statement is a round trip and the operator's cursor lock is held for the whole push, so effect
 * writes are buffered and applied with a few multi-row statements. Every read of the transaction goes through
 * `reading(q)`, which applies the buffer first: rules and checks always see the batch's earlier writes.
 */
export class ChangeLog {
  private cursor: number;
  private readonly buckets = new Map<string, { cursor: number; delta: number; count: number }>();
  private pending: PendingWrite[] = [];
  private readonly pendingKeys = new Set<string>();
  /** Rows the transaction's rules read by id; every write below keeps it true. */
  readonly rows = new RowCache();
  constructor(
    private readonly operatorId: string,
    startCursor: number,
  ) {
    this.cursor = startCursor;
  }

  static async open(q: Queryable, operatorId: string): Promise<ChangeLog | null> {
    const lock = q.dialect === 'pg' ? ' FOR UPDATE' : '';
    const rows = await q.all<{ last_cursor: number }>(`SELECT last_cursor FROM operators_state WHERE operator_id = ?${lock}`, [operatorId]);
    return rows[0] ? new ChangeLog(operatorId, Number(rows[0].last_cursor)) : null;
  }

  /** The transaction as the push code must use it: any statement first applies the buffered writes, in order. */
  reading(q: Queryable): Queryable {
    if (q.dialect !== 'pg') return q;
    return {
      dialect: q.dialect,
      all: async <T>(sql: string, params?: Param[]) => {
        await this.applyPending(q);
        return q.all<T>(sql, params);
      },
      run: async (sql: string, params?: Param[]) => {
        await this.applyPending(q);
        return q.run(sql, params);
      },
    };
  }

  private bucket(name: string) {
    let b = this.buckets.get(name);
    if (!b) {
      b = { cursor: 0, delta: 0, count: 0 };
      this.buckets.set(name, b);
    }
    return b;
  }

  /** `origin`: the device whose command wrote it; its own inserts are not echoed back to it (see pull.ts). */
  async write(q: Queryable, w: PreparedWrite, now: number, origin: string | null = null): Promise<void> {
    this.rows.wrote(w.op, w.tbl, w.id, w.data);
    if (q.dialect !== 'pg') return this.writeNow(q, w, now, origin);
    const key = `${w.tbl}\u0000${w.id}`;
    // One row at most once per buffer, so each multi-row statement touches a key once (and order cannot matter).
    if (this.pendingKeys.has(key)) await this.applyPending(q);
    this.pending.push({ w, now, origin });
    this.pendingKeys.add(key);
  }

  /**
   * One statement per write, on SQLite (the only store that writes unbuffered), through its synchronous runner:
   * statements there are synchronous anyway, and awaited promises per statement were a measurable share of ingest.
   */
  private writeNow(q: Queryable, w: PreparedWrite, now: number, origin: string | null): void {
    const run = q.runSync;
    if (!run) throw new Error('unbuffered writes need a synchronous store');
    const added =
      w.op === 'insert'
        ? run.call(q, INSERT_FACT, [this.operatorId, w.tbl, w.id, JSON.stringify(w.data), w.hlc])
        : run.call(q, UPSERT_ENTITY, [this.operatorId, w.tbl, w.id, JSON.stringify(w.data), w.hlc, w.fieldHlc ? JSON.stringify(w.fieldHlc) : null]);
    if (w.op === 'insert' && added === 0) return; // the same fact again: a no-op, nothing to log
    for (const h of w.history) run.call(q, INSERT_HISTORY_ROW, this.historyParams(w, h, now));
    for (const c of this.changeRows(w, origin)) run.call(q, INSERT_CHANGE_ROW, c);
  }

  private historyParams(w: PreparedWrite, h: PreparedWrite['history'][number], now: number): Param[] {
    return [this.operatorId, w.tbl, w.id, h.field, h.hlc, JSON.stringify(h.oldValue ?? null), JSON.stringify(h.newValue ?? null), h.oldHlc, h.lost ? 1 : 0, now];
  }

  /** Takes the next cursors and counts the row into the bucket checksums; returns the change-log rows to write. */
  private changeRows(w: PreparedWrite, origin: string | null): Param[][] {
    // Over row content (checksum version 2): a device whose copy differs from HQ's no longer matches.
    const oldHash = w.before ? rowHashV2(w.tbl, w.id, w.before.hlc, JSON.stringify(w.before.data)) : 0;
    const newHash = rowHashV2(w.tbl, w.id, w.hlc, JSON.stringify(w.data));
    const { bucketsBefore: before, bucketsAfter: after } = w;
    const echo = w.op === 'insert' && origin !== null;
    const rows: Param[][] = [];
    // Bucket lists are a handful of names: arrays, not sets (this runs for every written row); a name listed twice
    // counts once.
    for (let i = 0; i < after.length; i++) {
      const name = after[i];
      if (after.indexOf(name) === i) rows.push(this.logChange(name, w, false, before.includes(name) ? oldHash : null, newHash, origin, echo));
    }
    for (let i = 0; i < before.length; i++) {
      const name = before[i];
      if (before.indexOf(name) === i && !after.includes(name)) rows.push(this.logChange(name, w, true, oldHash, null, origin, false));
    }
    return rows;
  }

  /**
   * A stored row moved into the buckets its table's spec now names (rebucket.ts): it joins `to` minus `from` and
   * leaves `from` minus `to`; buckets it stays in are not touched. Returns the change-log rows to write.
   */
  moveRow(e: { tbl: string; id: string; hlc: string }, hash: number, from: string[], to: string[]): Param[][] {
    const w = { tbl: e.tbl, id: e.id } as PreparedWrite;
    const rows: Param[][] = [];
    for (const name of new Set(to)) if (!from.includes(name)) rows.push(this.logChange(name, w, false, null, hash, null, false));
    for (const name of new Set(from)) if (!to.includes(name)) rows.push(this.logChange(name, w, true, hash, null, null, false));
    return rows;
  }

  private logChange(name: string, w: PreparedWrite, deleted: boolean, oldHash: number | null, newHash: number | null, origin: string | null, echo: boolean): Param[] {
    const cursor = ++this.cursor;
    const b = this.bucket(name);
    b.cursor = cursor;
    if (oldHash !== null) {
      b.delta = addToChecksum(b.delta, oldHash, -1);
      b.count -= 1;
    }
    if (newHash !== null) {
      b.delta = addToChecksum(b.delta, newHash, 1);
      b.count += 1;
    }
    return [this.operatorId, name, w.tbl, w.id, cursor, deleted ? 1 : 0, origin, echo ? 1 : 0];
  }

  /** Applies the buffered writes with multi-row statements; cursors are taken in the original write order. */
  private async applyPending(q: Queryable): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    this.pendingKeys.clear();
    const inserts = pending.filter((p) => p.w.op === 'insert');
    const added = new Set<string>();
    for (const part of chunks(inserts, CHUNK)) {
      const rows = await q.all<{ tbl: string; id: string }>(
        `INSERT INTO entities (operator_id, tbl, id, data, hlc, field_hlc) VALUES ${part.map(() => '(?, ?, ?, ?, ?, NULL)').join(', ')}
         ON CONFLICT (operator_id, tbl, id) DO NOTHING RETURNING tbl, id`,
        part.flatMap(({ w }) => [this.operatorId, w.tbl, w.id, JSON.stringify(w.data), w.hlc]),
      );
      for (const r of rows) added.add(`${r.tbl}\u0000${r.id}`);
    }
    for (const part of chunks(pending.filter((p) => p.w.op !== 'insert'), CHUNK)) {
      await q.run(
        `INSERT INTO entities (operator_id, tbl, id, data, hlc, field_hlc) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (operator_id, tbl, id) DO UPDATE SET data = excluded.data, hlc = excluded.hlc, field_hlc = excluded.field_hlc`,
        part.flatMap(({ w }) => [this.operatorId, w.tbl, w.id, JSON.stringify(w.data), w.hlc, w.fieldHlc ? JSON.stringify(w.fieldHlc) : null]),
      );
    }
    const history = pending.flatMap((p) => p.w.history.map((h) => this.historyParams(p.w, h, p.now)));
    for (const part of chunks(history, CHUNK)) {
      await q.run(`INSERT INTO history ${HISTORY_COLUMNS} VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`, part.flat());
    }
    // The same fact again is a no-op: nothing to log (as on the one-statement path).
    const changes = pending.filter((p) => p.w.op !== 'insert' || added.has(`${p.w.tbl}\u0000${p.w.id}`)).flatMap((p) => this.changeRows(p.w, p.origin));
    for (const part of chunks(changes, CHUNK)) {
      await q.run(INSERT_CHANGES_SQL(part.length), part.flat());
    }
  }

  async flush(q: Queryable): Promise<void> {
    await this.applyPending(q);
    if (this.buckets.size === 0) return;
    await q.run('UPDATE operators_state SET last_cursor = ? WHERE operator_id = ?', [this.cursor, this.operatorId]);
    for (const [name, b] of this.buckets) {
      await q.run(
        `INSERT INTO bucket_state (operator_id, bucket, cursor, checksum, count) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (operator_id, bucket) DO UPDATE SET cursor = excluded.cursor,
           checksum = (bucket_state.checksum + excluded.checksum) % 4294967296, count = bucket_state.count + excluded.count`,
        [this.operatorId, name, b.cursor, b.delta, b.count],
      );
    }
    this.buckets.clear();
  }
}

const HISTORY_COLUMNS = '(operator_id, tbl, id, field, hlc, old_value, new_value, old_hlc, lost, at)';
const CHANGE_COLUMNS = '(operator_id, bucket, tbl, id, cursor, deleted, origin, echo)';
const CHANGE_UPSERT = 'ON CONFLICT (operator_id, bucket, tbl, id) DO UPDATE SET cursor = excluded.cursor, deleted = excluded.deleted, origin = excluded.origin, echo = excluded.echo';
/** Many change-log rows in one statement (rows of `CHANGE_COLUMNS`). */
export const INSERT_CHANGES_SQL = (count: number) => `INSERT INTO changes ${CHANGE_COLUMNS} VALUES ${Array(count).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${CHANGE_UPSERT}`;
// Built once: the statement cache is keyed by the text, and a text built per call is hashed per call.
const INSERT_FACT = 'INSERT INTO entities (operator_id, tbl, id, data, hlc, field_hlc) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (operator_id, tbl, id) DO NOTHING';
const UPSERT_ENTITY = `INSERT INTO entities (operator_id, tbl, id, data, hlc, field_hlc) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (operator_id, tbl, id) DO UPDATE SET data = excluded.data, hlc = excluded.hlc, field_hlc = excluded.field_hlc`;
const INSERT_HISTORY_ROW = `INSERT INTO history ${HISTORY_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;
const INSERT_CHANGE_ROW = `INSERT INTO changes ${CHANGE_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${CHANGE_UPSERT}`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
