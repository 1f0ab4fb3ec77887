// How HQ finds rows by field (`reader.find`) in its generic entity store, where a row is one JSON document: one
// partial expression index per table and lookup declared in src-shared (`SyncedTableSpec.lookups`), and the query
// written with the very same expressions and the table name as a literal, so both SQLite and PostgreSQL use that
// index (decision 0059). Without them each find scanned all of the operator's rows of the table, for every command.
import type { Primitive } from '../../src-shared/commands/define';
import { syncedTables } from '../../src-shared/sync/registry';
import type { Dialect, Param } from './sql';

const identifier = /^[A-Za-z0-9_]+$/;

function checked(name: string): string {
  if (!identifier.test(name)) throw new Error(`Bad identifier ${name}`);
  return name;
}

/** A field of the stored JSON document, as an SQL expression (the same text in the index and in the query). */
function fieldExpr(dialect: Dialect, field: string): string {
  return dialect === 'sqlite' ? `json_extract(data, '$.${checked(field)}')` : `((data::jsonb) -> '${checked(field)}')`;
}

/** One index per declared lookup: operator first, then the fields, only over the rows of that table. */
export function lookupIndexes(dialect: Dialect): string[] {
  const statements: string[] = [];
  for (const [tbl, spec] of Object.entries(syncedTables)) {
    for (const fields of spec.lookups ?? []) {
      const name = `entities_lookup_${checked(tbl)}_${fields.map(checked).join('_')}`.toLowerCase();
      statements.push(`CREATE INDEX IF NOT EXISTS ${name} ON entities (operator_id, ${fields.map((f) => fieldExpr(dialect, f)).join(', ')}) WHERE tbl = '${tbl}'`);
    }
  }
  return statements;
}

/** A field of the stored JSON document as text (for reading a value out, not for finding by it). */
export function fieldText(dialect: Dialect, field: string): string {
  return dialect === 'sqlite' ? `json_extract(data, '$.${checked(field)}')` : `((data::jsonb) ->> '${checked(field)}')`;
}

/**
 * The rows of `tbl` of one operator whose fields equal `where`: SQL (the operator is the first parameter) and params.
 * `select` reads something other than the whole document (e.g. one `fieldText`).
 */
export function findSql(dialect: Dialect, tbl: string, where: Record<string, Primitive>, select = 'data'): { sql: string; params: Param[] } {
  const parts = [`operator_id = ?`, `tbl = '${checked(tbl)}'`];
  const params: Param[] = [];
  for (const [field, value] of Object.entries(where)) {
    const expr = fieldExpr(dialect, field);
    if (dialect === 'sqlite') {
      parts.push(`${expr} IS ?`);
      params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    } else if (value === null) {
      parts.push(`(${expr} IS NULL OR ${expr} = 'null'::jsonb)`);
    } else {
      parts.push(`${expr} = ?::jsonb`);
      params.push(JSON.stringify(value));
    }
  }
  return { sql: `SELECT ${select} FROM entities WHERE ${parts.join(' AND ')}`, params };
}
