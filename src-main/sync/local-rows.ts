// Writes rows received from HQ into the local synced tables, generically over `localTables`, with prepared
// statements (a snapshot can be a million rows). HQ is authoritative: a received row replaces the local one.
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import { localTables } from '../store/synced-tables';

interface TableInfo {
  name: string;
  columns: [key: string, column: SQLiteColumn][];
  upserts: Map<string, Database.Statement>;
  plans: Map<string, { stmt: Database.Statement; present: [key: string, column: SQLiteColumn][] }>;
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
      // Rows of one table arrive with the same keys in the same order: the column plan is looked up by key list,
      // not rebuilt per row (a snapshot is a million rows).
      const keys = Object.keys(data).join(',');
      let plan = i.plans.get(keys);
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
        plan = { stmt, present };
        i.plans.set(keys, plan);
      }
      const { present } = plan;
      const values = new Array<unknown>(present.length);
      for (let k = 0; k < present.length; k++) {
        const [key, c] = present[k];
        const v = data[key];
        values[k] = v === null || v === undefined ? null : c.mapToDriverValue(v);
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
