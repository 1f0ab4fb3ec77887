// Writes rows received from HQ into the local synced tables, generically over `localTables`, with prepared
// statements (a snapshot can be a million rows). HQ is authoritative: a received row replaces the local one.
import { Column, getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import { localTables } from '../store/synced-tables';

interface Plan {
  stmt: Database.Statement;
  present: [key: string, column: SQLiteColumn][];
  /** Per present column: its driver mapping (JSON text, 0/1 for booleans…), or null where drizzle passes values as is. */
  maps: (((value: unknown) => unknown) | null)[];
  /** The received row's own keys, in order, that this plan was made for. */
  keys: string[];
  /** Bindings, reused row after row. */
  values: unknown[];
}

/** True when `data` has exactly `keys`, in that order. */
function sameKeys(data: Record<string, unknown>, keys: string[]): boolean {
  let n = 0;
  for (const key in data) if (key !== keys[n++]) return false;
  return n === keys.length;
}

interface TableInfo {
  name: string;
  columns: [key: string, column: SQLiteColumn][];
  upserts: Map<string, Database.Statement>;
  plans: Map<string, Plan>;
  last?: Plan;
  del: Database.Statement;
}

export interface RowWriter {
  /** false when this app version has no such table (a newer HQ row): membership is still kept for checksums. */
  knows(tbl: string): boolean;
  upsert(tbl: string, data: Record<string, unknown>): void;
  remove(tbl: string, id: string): void;
  wipeAll(): void;
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function createRowWriter(sqlite: Database.Database): RowWriter {
  const infos = new Map<string, TableInfo>();
  const info = (tbl: string): TableInfo | null => {
    let i = infos.get(tbl);
    if (i) return i;
    const table = localTables[tbl];
    if (!table) return null;
    const name = getTableName(table);
    i = {
      name,
      columns: Object.entries(getTableColumns(table)) as [string, SQLiteColumn][],
      upserts: new Map(),
      plans: new Map(),
      del: sqlite.prepare(`DELETE FROM ${quote(name)} WHERE id = ?`),
    };
    infos.set(tbl, i);
    return i;
  };
  return {
    knows: (tbl) => info(tbl) !== null,
    upsert(tbl, data) {
      const i = info(tbl);
      if (!i) return;
      // Rows of one table arrive with the same keys in the same order: the last plan is reused when the row's keys
      // match it (checked without building a string), else looked up by key list — not rebuilt per row (a snapshot
      // is a million rows).
      let plan = i.last && sameKeys(data, i.last.keys) ? i.last : undefined;
      if (!plan) {
        const keyList = Object.keys(data);
        const keys = keyList.join(',');
        plan = i.plans.get(keys);
        if (!plan) {
          const present = i.columns.filter(([key]) => key in data);
          const signature = present.map(([key]) => key).join(',');
          let stmt = i.upserts.get(signature);
          if (!stmt) {
            const cols = present.map(([, c]) => quote(c.name));
            const updates = cols.filter((c) => c !== '"id"').map((c) => `${c} = excluded.${c}`);
            stmt = sqlite.prepare(
              `INSERT INTO ${quote(i.name)} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
             ON CONFLICT(id) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
            );
            i.upserts.set(signature, stmt);
          }
          // Skipping the identity mapping saves a megamorphic call per field: ten million calls in a 1M-row snapshot.
          const maps = present.map(([, c]) => (c.mapToDriverValue === Column.prototype.mapToDriverValue ? null : (v: unknown) => c.mapToDriverValue(v)));
          plan = { stmt, present, maps, keys: keyList, values: new Array<unknown>(present.length) };
          i.plans.set(keys, plan);
        }
        i.last = plan;
      }
      // The plan's own value array, filled for each row: the statement copies its bindings when it runs.
      const { present, maps, values } = plan;
      for (let k = 0; k < present.length; k++) {
        const v = data[present[k][0]];
        const map = maps[k];
        values[k] = v === null || v === undefined ? null : map === null ? v : map(v);
      }
      plan.stmt.run(values);
    },
    remove(tbl, id) {
      info(tbl)?.del.run(id);
    },
    wipeAll() {
      for (const tbl of Object.keys(localTables)) {
        const i = info(tbl);
        if (i) sqlite.prepare(`DELETE FROM ${quote(i.name)}`).run();
      }
    },
  };
}
