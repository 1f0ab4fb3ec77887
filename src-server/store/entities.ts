// The generic entity store: one operator's rows of every synced table, the per-bucket change log and the bucket
// checksums, all written inside the caller's transaction. Same code on SQLite and PostgreSQL.
import type { Effect, EntityReader, Primitive, Row } from '../../src-shared/commands/define';
import { mergePatch } from '../../src-shared/commands/patch';
import { syncedTables } from '../../src-shared/sync/registry';
import { addToChecksum, maxHlc, rowHash } from '../../src-shared/sync/protocol';
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

/** Thrown by the caching reader when a rule asks for a row not loaded yet; the rule is then re-run (it is pure). */
class MissingRead extends Error {}

const fieldName = /^[A-Za-z0-9_]+$/;

function toEntity(tbl: string, id: string, r: EntityRecord): Entity {
  return { tbl, id, data: JSON.parse(r.data) as Row, hlc: r.hlc, fieldHlc: r.field_hlc ? (JSON.parse(r.field_hlc) as Record<string, string>) : {} };
}

function findSql(q: Queryable, where: Record<string, Primitive>): { clause: string; params: Param[] } {
  const parts: string[] = [];
  const params: Param[] = [];
  for (const [field, value] of Object.entries(where)) {
    if (!fieldName.test(field)) throw new Error(`Bad field name ${field}`);
    if (q.dialect === 'sqlite') {
      parts.push(`json_extract(data, '$.${field}') IS ?`);
      params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    } else if (value === null) {
      parts.push(`((data::jsonb)->'${field}' IS NULL OR (data::jsonb)->'${field}' = 'null'::jsonb)`);
    } else {
      parts.push(`(data::jsonb)->'${field}' = ?::jsonb`);
      params.push(JSON.stringify(value));
    }
  }
  return { clause: parts.length ? ' AND ' + parts.join(' AND ') : '', params };
}

export async function loadEntity(q: Queryable, operatorId: string, tbl: string, id: string): Promise<Entity | undefined> {
  const rows = await q.all<EntityRecord>('SELECT data, hlc, field_hlc FROM entities WHERE operator_id = ? AND tbl = ? AND id = ?', [operatorId, tbl, id]);
  return rows[0] ? toEntity(tbl, id, rows[0]) : undefined;
}

async function findEntities(q: Queryable, operatorId: string, tbl: string, where: Record<string, Primitive>): Promise<Row[]> {
  const { clause, params } = findSql(q, where);
  // Bounded by (operator_id, tbl) through the primary key; rules keep `where` selective (see define.ts).
  const rows = await q.all<EntityRecord>(`SELECT data, hlc, field_hlc FROM entities WHERE operator_id = ? AND tbl = ?${clause}`, [operatorId, tbl, ...params]);
  return rows.map((r) => JSON.parse(r.data) as Row);
}

/**
 * Runs a pure rule against HQ's store. On SQLite reads are synchronous; on PostgreSQL the rule is re-run after each
 * batch of missing reads is fetched (safe because rules are pure and effects are applied only afterwards).
 */
export async function runWithReader<T>(q: Queryable, operatorId: string, rule: (reader: EntityReader) => T): Promise<T> {
  if (q.allSync) {
    const sync = q.allSync.bind(q);
    const reader: EntityReader = {
      get<R extends { id: string }>(tbl: string, id: string) {
        const r = sync<EntityRecord>('SELECT data, hlc, field_hlc FROM entities WHERE operator_id = ? AND tbl = ? AND id = ?', [operatorId, tbl, id])[0];
        return r ? (JSON.parse(r.data) as R) : undefined;
      },
      find<R extends { id: string }>(tbl: string, where: Record<string, Primitive>) {
        const { clause, params } = findSql(q, where);
        return sync<EntityRecord>(`SELECT data, hlc, field_hlc FROM entities WHERE operator_id = ? AND tbl = ?${clause}`, [operatorId, tbl, ...params]).map((r) => JSON.parse(r.data) as R);
      },
    };
    return rule(reader);
  }
  const cache = new Map<string, unknown>();
  const pending = new Map<string, () => Promise<unknown>>();
  const reader: EntityReader = {
    get<R extends { id: string }>(tbl: string, id: string) {
      const key = `g\u0000${tbl}\u0000${id}`;
      if (cache.has(key)) return cache.get(key) as R | undefined;
      pending.set(key, async () => (await loadEntity(q, operatorId, tbl, id))?.data);
      throw new MissingRead(key);
    },
    find<R extends { id: string }>(tbl: string, where: Record<string, Primitive>) {
      const key = `f\u0000${tbl}\u0000${JSON.stringify(Object.entries(where).sort())}`;
      if (cache.has(key)) return cache.get(key) as R[];
      pending.set(key, () => findEntities(q, operatorId, tbl, where));
      throw new MissingRead(key);
    },
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return rule(reader);
    } catch (err) {
      if (!(err instanceof MissingRead)) throw err;
      for (const [key, load] of pending) cache.set(key, await load());
      pending.clear();
    }
  }
  throw new Error('A rule kept asking for new rows (more than 100 rounds)');
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
      data = { ...merged.row, id, hlc, fieldHlc };
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
    if (q.dialect !== 'pg') return this.writeNow(q, w, now, origin);
    const key = `${w.tbl}\u0000${w.id}`;
    // One row at most once per buffer, so each multi-row statement touches a key once (and order cannot matter).
    if (this.pendingKeys.has(key)) await this.applyPending(q);
    this.pending.push({ w, now, origin });
    this.pendingKeys.add(key);
  }

  /**
   * One statement per write. On SQLite through the synchronous runner when there is one: statements there are
   * synchronous anyway, and two awaited promises per write were a measurable share of ingest.
   */
  private async writeNow(q: Queryable, w: PreparedWrite, now: number, origin: string | null): Promise<void> {
    const run = q.runSync ? q.runSync.bind(q) : null;
    const exec = (sql: string, params: Param[]): number | Promise<number> => (run ? run(sql, params) : q.run(sql, params));
    const entity =
      w.op === 'insert'
        ? exec(INSERT_FACT, [this.operatorId, w.tbl, w.id, JSON.stringify(w.data), w.hlc])
        : exec(UPSERT_ENTITY, [this.operatorId, w.tbl, w.id, JSON.stringify(w.data), w.hlc, w.fieldHlc ? JSON.stringify(w.fieldHlc) : null]);
    const added = typeof entity === 'number' ? entity : await entity;
    if (w.op === 'insert' && added === 0) return; // the same fact again: a no-op, nothing to log
    for (const h of w.history) await exec(INSERT_HISTORY_ROW, this.historyParams(w, h, now));
    for (const c of this.changeRows(w, origin)) {
      const done = exec(INSERT_CHANGE_ROW, c);
      if (typeof done !== 'number') await done;
    }
  }

  private historyParams(w: PreparedWrite, h: PreparedWrite['history'][number], now: number): Param[] {
    return [this.operatorId, w.tbl, w.id, h.field, h.hlc, JSON.stringify(h.oldValue ?? null), JSON.stringify(h.newValue ?? null), h.oldHlc, h.lost ? 1 : 0, now];
  }

  /** Takes the next cursors and counts the row into the bucket checksums; returns the change-log rows to write. */
  private changeRows(w: PreparedWrite, origin: string | null): Param[][] {
    const oldHash = w.before ? rowHash(w.tbl, w.id, w.before.hlc) : 0;
    const newHash = rowHash(w.tbl, w.id, w.hlc);
    const before = new Set(w.bucketsBefore);
    const after = new Set(w.bucketsAfter);
    const echo = w.op === 'insert' && origin !== null;
    const rows: Param[][] = [];
    for (const name of after) rows.push(this.logChange(name, w, false, before.has(name) ? oldHash : null, newHash, origin, echo));
    for (const name of before) if (!after.has(name)) rows.push(this.logChange(name, w, true, oldHash, null, origin, false));
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
      await q.run(`INSERT INTO changes ${CHANGE_COLUMNS} VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${CHANGE_UPSERT}`, part.flat());
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
