// Prepared insert/upsert statements, one per (table, kind, column set) and database. A command's effects and its
// upload-queue row are written on every clock-in; building each statement with the query builder and preparing it
// per call cost more than the insert itself. Values go through each column's own driver mapping (JSON, booleans),
// exactly as the query builder would map them.
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';

/** `append`: a plain insert. `insert`: a fact, the same id twice is a no-op. `upsert`: replaces the stored row. */
export type WriteKind = 'append' | 'insert' | 'upsert';

interface Plan {
  stmt: Database.Statement;
  present: [key: string, column: SQLiteColumn][];
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const plansByDb = new WeakMap<Database.Database, Map<string, Plan>>();

function planFor(sqlite: Database.Database, t: SQLiteTable, kind: WriteKind, row: Record<string, unknown>): Plan {
  let plans = plansByDb.get(sqlite);
  if (!plans) plansByDb.set(sqlite, (plans = new Map()));
  const key = `${getTableName(t)}|${kind}|${Object.keys(row).join(',')}`;
  let plan = plans.get(key);
  if (plan) return plan;
  // Only known columns reach SQL; anything else in a row is dropped here, as the query builder would.
  const present = (Object.entries(getTableColumns(t)) as [string, SQLiteColumn][]).filter(([k]) => k in row);
  const cols = present.map(([, c]) => quote(c.name));
  const updates = cols.filter((c) => c !== '"id"').map((c) => `${c} = excluded.${c}`);
  const onConflict =
    kind === 'append' ? '' : kind === 'insert' || updates.length === 0 ? ' ON CONFLICT(id) DO NOTHING' : ` ON CONFLICT(id) DO UPDATE SET ${updates.join(', ')}`;
  const stmt = sqlite.prepare(`INSERT INTO ${quote(getTableName(t))} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})${onConflict}`);
  plan = { stmt, present };
  plans.set(key, plan);
  return plan;
}

export function writeRow(sqlite: Database.Database, table: SQLiteTable, kind: WriteKind, row: Record<string, unknown>): void {
  const { stmt, present } = planFor(sqlite, table, kind, row);
  const values = new Array<unknown>(present.length);
  for (let i = 0; i < present.length; i++) {
    const [key, column] = present[i];
    const v = row[key];
    values[i] = v === null || v === undefined ? null : column.mapToDriverValue(v);
  }
  stmt.run(values);
}
