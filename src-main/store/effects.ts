// Applies a command's effects to the local tables — the same effects HQ applies to its own store.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Effect, EntityReader, Primitive, Row } from '../../src-shared/commands/define';
import { mergePatch } from '../../src-shared/commands/patch';
import { newId } from '../../src-shared/core/ids';
import type Database from 'better-sqlite3';
import type { Db } from './open';
import { fieldHistory } from './local-schema';
import { tableFor } from './synced-tables';
import { writeRow } from './row-statements';

function column(tableName: string, field: string): SQLiteColumn {
  const col = (getTableColumns(tableFor(tableName)) as Record<string, SQLiteColumn>)[field];
  if (!col) throw new Error(`Unknown field ${tableName}.${field}`);
  return col;
}

type PreparedRead = { get(params: Record<string, unknown>): unknown; all(params: Record<string, unknown>): unknown[] };

// Rules read on every command: build and prepare each query shape once per database, not once per call
// (query building and sqlite3_prepare were half of a clock-in's CPU time).
const preparedReads = new WeakMap<Db, Map<string, PreparedRead>>();

function preparedRead(db: Db, table: string, fields: string[], nulls: boolean[]): PreparedRead {
  let cache = preparedReads.get(db);
  if (!cache) preparedReads.set(db, (cache = new Map()));
  const key = `${table}|${fields.map((f, i) => (nulls[i] ? `${f}=null` : f)).join(',')}`;
  let prepared = cache.get(key);
  if (!prepared) {
    const conditions: SQL[] = fields.map((field, i) =>
      nulls[i] ? isNull(column(table, field)) : eq(column(table, field), sql.placeholder(field)),
    );
    prepared = db.select().from(tableFor(table)).where(and(...conditions)).prepare() as unknown as PreparedRead;
    cache.set(key, prepared);
  }
  return prepared;
}

export function createLocalReader(db: Db): EntityReader {
  return {
    get<T extends { id: string }>(table: string, id: string): T | undefined {
      return preparedRead(db, table, ['id'], [false]).get({ id }) as T | undefined;
    },
    find<T extends { id: string }>(table: string, where: Record<string, Primitive>): T[] {
      const fields = Object.keys(where).sort();
      const nulls = fields.map((f) => where[f] === null);
      const params: Record<string, unknown> = {};
      // Booleans are stored as integers; placeholders bypass drizzle's column mapping.
      for (const f of fields) if (where[f] !== null) params[f] = typeof where[f] === 'boolean' ? (where[f] ? 1 : 0) : where[f];
      return preparedRead(db, table, fields, nulls).all(params) as T[];
    },
  };
}

export function applyEffect(db: Db, sqlite: Database.Database, effect: Effect): void {
  const t = tableFor(effect.table);
  switch (effect.op) {
    case 'insert':
      writeRow(sqlite, t, 'insert', effect.row);
      return;
    case 'put':
      writeRow(sqlite, t, 'upsert', effect.row);
      return;
    case 'patch': {
      const existing = createLocalReader(db).get<Row & { fieldHlc?: Record<string, string> }>(effect.table, effect.id);
      const merged = mergePatch(existing, existing?.fieldHlc ?? {}, effect.fields, effect.hlc);
      const maxHlc = [existing?.hlc as string | undefined, effect.hlc].filter(Boolean).sort().at(-1)!;
      writeRow(sqlite, t, 'upsert', { ...merged.row, id: effect.id, fieldHlc: merged.fieldHlc, hlc: maxHlc });
      if (existing) {
        for (const change of merged.changes) {
          db.insert(fieldHistory)
            .values({
              id: newId(),
              tableName: effect.table,
              rowId: effect.id,
              field: change.field,
              oldValue: change.lost ? change.newValue : change.oldValue,
              newValue: change.lost ? merged.row[change.field] : change.newValue,
              oldHlc: change.oldHlc,
              hlc: change.hlc,
              lost: change.lost,
            })
            .run();
        }
      }
      return;
    }
  }
}
