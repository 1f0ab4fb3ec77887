// Rows that the rules of one HQ transaction read by id, kept for the rest of that transaction (decision 0058).
// A push group applies up to 10,000 commands, and nearly all of a keyer's commands read the same unit and the same
// batch (with its template): reading and parsing them once per group instead of once per command is most of a keyed
// record's cost at HQ. Every write of the transaction goes through the change log, which keeps this cache true.
import type { Row } from '../../src-shared/commands/define';

/** Bounds memory for a very large group; past it the cache starts again empty. */
const MAX_ROWS = 50_000;

export class RowCache {
  private readonly rows = new Map<string, Row | undefined>();

  /** The cached row (undefined: known not to exist), or `miss` when this transaction has not read it yet. */
  get(tbl: string, id: string): Row | undefined | typeof miss {
    const key = `${tbl}\u0000${id}`;
    return this.rows.has(key) ? this.rows.get(key) : miss;
  }

  /**
   * Keeps a row read from the store. Rules are pure and must not change what they read: cached rows are frozen, so
   * a rule that tried would fail loudly in tests rather than let later commands of the group see its change.
   */
  remember(tbl: string, id: string, row: Row | undefined): Row | undefined {
    if (this.rows.size >= MAX_ROWS) this.rows.clear();
    const frozen = row === undefined ? undefined : deepFreeze(row);
    this.rows.set(`${tbl}\u0000${id}`, frozen);
    return frozen;
  }

  /**
   * A row this transaction writes. A state or registry row is cached as written; an inserted fact is forgotten (the
   * store keeps the first version of a fact when the same insert comes twice, so the next read asks the store).
   */
  wrote(op: 'insert' | 'put' | 'patch', tbl: string, id: string, data: Row): void {
    if (op === 'insert') this.rows.delete(`${tbl}\u0000${id}`);
    else this.remember(tbl, id, data);
  }
}

export const miss: unique symbol = Symbol('not cached');

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
