// The initial-sync snapshot (BENCH.md): the demo operator, pushed to HQ by a real center PC, then scaled up at HQ to
// ~1,000,000 rows a new center PC of its first site receives. Scaling clones the operator's people and work — workers
// and their PINs, scan volumes, pages and step events, entry batches, units and keyed rows, punches, presence — with
// fresh ids (references remapped within each clone) into the same operator, sites and jobs, so the op, site and job
// buckets each grow to many pages. Rows are written with HQ's own write path (buckets, cursors, checksums).
import Database from 'better-sqlite3';
import { getTableColumns, getTableName, Column } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { localTables } from '../src-main/store/synced-tables';
import { formatHlc } from '../src-shared/core/hlc';
import type { Row } from '../src-shared/commands/define';
import { newId } from '../src-shared/core/ids';
import { syncedTables } from '../src-shared/sync/registry';
import { ChangeLog, prepareEffects } from '../src-server/store/entities';
import { openSqlite } from '../src-server/store/sql';

/** The operator's skeleton stays one: a bigger operator has more people and work, not more operators or jobs. */
const KEPT = new Set(['operators', 'sites', 'jobs', 'staff']);
/** Fields that must stay unique per operator (lookups by code): a clone gets a suffix. */
const UNIQUE_TEXT = ['code', 'loginId'];
const ROWS_PER_TX = 20_000;

export interface HqRow {
  tbl: string;
  id: string;
  data: Record<string, unknown>;
}

export interface Snapshot {
  /** Rows the new PC's buckets carry (each row once, however many of its buckets carry it). */
  rows: number;
  /** Rows per table among them. */
  byTable: Record<string, number>;
  buckets: number;
}

/** What a center PC of `siteId` receives: the operator bucket, its site, every job (src-server/sync/scopes.ts). */
export function visibleTo(operatorId: string, siteId: string): (tbl: string, data: Record<string, unknown>) => boolean {
  return (tbl, data) => {
    const spec = syncedTables[tbl];
    if (!spec) return false;
    for (const b of spec.buckets(data as Row)) if (b === `op:${operatorId}` || b === `site:${siteId}` || b.startsWith('job:')) return true;
    return false;
  };
}

function remap(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => remap(v, ids));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = remap(v, ids);
    return out;
  }
  return value;
}

/** Scales the operator at HQ (HQ's SQLite file, HQ idle) until a new center PC of `siteId` would receive `target` rows. */
export async function scaleOperator(hqFile: string, operatorId: string, siteId: string, target: number): Promise<Snapshot> {
  const visible = visibleTo(operatorId, siteId);
  const db = openSqlite(hqFile);
  try {
    const source = (await db.all<{ tbl: string; id: string; data: string }>('SELECT tbl, id, data FROM entities WHERE operator_id = ? ORDER BY tbl, id', [operatorId])).map(
      (r): HqRow => ({ tbl: r.tbl, id: r.id, data: JSON.parse(r.data) as Record<string, unknown> }),
    );
    let rows = source.filter((r) => visible(r.tbl, r.data)).length;
    const clonable = source.filter((r) => !KEPT.has(r.tbl) && !(r.tbl === 'credentials' && r.data.subjectType !== 'worker'));
    // Clocks an hour back, one millisecond per row: every clone has its own HLC, older than anything written later.
    let wallMs = Date.now() - 3_600_000;
    for (let generation = 1; rows < target; generation++) {
      const ids = new Map(clonable.map((r) => [r.id, newId()]));
      const clones: { tbl: string; row: Record<string, unknown>; hlc: string }[] = [];
      for (const r of clonable) {
        if (rows >= target) break;
        const row = remap(r.data, ids) as Record<string, unknown>;
        for (const f of UNIQUE_TEXT) if (typeof row[f] === 'string') row[f] = `${row[f] as string}-${generation}`;
        const hlc = formatHlc({ wallMs: wallMs++, counter: 0, node: 'benchscale01' });
        if ('hlc' in row) row.hlc = hlc;
        clones.push({ tbl: r.tbl, row, hlc });
        if (visible(r.tbl, row)) rows += 1;
      }
      for (let i = 0; i < clones.length; i += ROWS_PER_TX) {
        const part = clones.slice(i, i + ROWS_PER_TX);
        await db.tx(async (q) => {
          const log = (await ChangeLog.open(q, operatorId))!;
          for (const c of part) {
            for (const w of await prepareEffects(q, operatorId, [{ op: 'insert', table: c.tbl, row: c.row as never }], c.hlc)) await log.write(q, w, Date.now());
          }
          await log.flush(q);
        });
      }
    }
    const byTable: Record<string, number> = {};
    for (const r of await db.all<{ tbl: string; n: number }>('SELECT tbl, COUNT(*) AS n FROM entities WHERE operator_id = ? GROUP BY tbl', [operatorId])) byTable[r.tbl] = Number(r.n);
    const buckets = await db.all<{ bucket: string }>(`SELECT bucket FROM bucket_state WHERE operator_id = ? AND (bucket = ? OR bucket = ? OR bucket LIKE 'job:%')`, [operatorId, `op:${operatorId}`, `site:${siteId}`]);
    return { rows, byTable, buckets: buckets.length };
  } finally {
    await db.close();
  }
}

/** The snapshot's rows as HQ holds them, table by table, in chunks (read outside any timed section). */
export function* snapshotRows(hqFile: string, operatorId: string, siteId: string, chunk = 20_000): Generator<HqRow[]> {
  const visible = visibleTo(operatorId, siteId);
  const db = new Database(hqFile, { readonly: true });
  try {
    let batch: HqRow[] = [];
    for (const r of db.prepare('SELECT tbl, id, data FROM entities WHERE operator_id = ? ORDER BY tbl').iterate(operatorId) as Iterable<{ tbl: string; id: string; data: string }>) {
      const data = JSON.parse(r.data) as Record<string, unknown>;
      if (!visible(r.tbl, data)) continue;
      batch.push({ tbl: r.tbl, id: r.id, data });
      if (batch.length === chunk) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  } finally {
    db.close();
  }
}

/**
 * The bare baseline's statements: a plain INSERT per table and key list (the columns a row carries), with its bound
 * values, made outside the timed section; the bare insert only runs them.
 */
export function bareInserts(sqlite: Database.Database): (rows: HqRow[]) => [Database.Statement, unknown[]][] {
  const statements = new Map<string, Database.Statement>();
  const columnsOf = new Map<string, [string, SQLiteColumn][]>();
  return (rows) => {
    const out: [Database.Statement, unknown[]][] = [];
    for (const { tbl, data } of rows) {
      const table = localTables[tbl];
      if (!table) continue;
      let columns = columnsOf.get(tbl);
      if (!columns) {
        columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
        columnsOf.set(tbl, columns);
      }
      const present = columns.filter(([key]) => key in data);
      const signature = `${tbl}:${present.map(([key]) => key).join(',')}`;
      let stmt = statements.get(signature);
      if (!stmt) {
        const names = present.map(([, c]) => `"${c.name}"`);
        stmt = sqlite.prepare(`INSERT INTO "${getTableName(table)}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
        statements.set(signature, stmt);
      }
      out.push([
        stmt,
        present.map(([key, column]) => {
          const v = data[key];
          return v === null || v === undefined ? null : column.mapToDriverValue === Column.prototype.mapToDriverValue ? v : column.mapToDriverValue(v);
        }),
      ]);
    }
    return out;
  };
}
