// One small SQL interface over embedded SQLite (better-sqlite3) and PostgreSQL (pg), so every HQ module is written
// once. Statements use `?` placeholders; the PostgreSQL side rewrites them to $n.
import Database from 'better-sqlite3';
import pg from 'pg';

export type Dialect = 'sqlite' | 'pg';
export type Param = string | number | null;

export interface Queryable {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: Param[]): Promise<T[]>;
  run(sql: string, params?: Param[]): Promise<number>;
  /** SQLite only: synchronous reads, so a pure command rule can read without a retry loop. */
  allSync?<T>(sql: string, params?: Param[]): T[];
  /** SQLite only: a synchronous write (changed rows), for hot paths that would otherwise await every statement. */
  runSync?(sql: string, params?: Param[]): number;
}

export interface SqlDb extends Queryable {
  /** Runs `fn` in one transaction (serializable per row lock on PostgreSQL, exclusive on SQLite). */
  tx<T>(fn: (q: Queryable) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** SQLite has one writer: transactions are queued in process so async steps never interleave. */
export function openSqlite(file: string): SqlDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is fsynced before HQ answers, so nothing a device was told is applied (and then deletes from its
  // queue) can vanish in a power cut. NORMAL in WAL mode may lose the last commits (decision 0068).
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const q: Queryable = {
    dialect: 'sqlite',
    all: <T>(sql: string, params: Param[] = []) => Promise.resolve(stmt(sql).all(...params) as T[]),
    run: (sql, params = []) => Promise.resolve(stmt(sql).run(...params).changes),
    allSync: <T>(sql: string, params: Param[] = []) => stmt(sql).all(...params) as T[],
    runSync: (sql, params = []) => stmt(sql).run(...params).changes,
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ...q,
    tx<T>(fn: (q: Queryable) => Promise<T>, options?: { readOnly?: boolean }): Promise<T> {
      const next = queue.then(async () => {
        db.exec(options?.readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE');
        try {
          const result = await fn(q);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    exec: (script) => Promise.resolve(void db.exec(script)),
    close: () => Promise.resolve(void db.close()),
  };
}

// BIGINT columns come back as JS numbers: every value HQ stores fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function openPostgres(url: string, max = 20): SqlDb {
  // synchronous_commit = on for HQ's own sessions whatever the server's default: COMMIT returns only once the WAL is
  // flushed, and HQ answers a push only after its COMMIT returned (decision 0068).
  const pool = new pg.Pool({ connectionString: url, max, options: '-c synchronous_commit=on' });
  // An idle connection the server drops (restart, failover, admin) must not crash HQ: the pool replaces it on the
  // next checkout, and a query on a broken one fails into the request's normal error path.
  pool.on('error', () => undefined);
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    dialect: 'pg',
    all: async <T>(sql: string, params: Param[] = []) => (await client.query(toPg(sql), params)).rows as T[],
    run: async (sql, params = []) => (await client.query(toPg(sql), params)).rowCount ?? 0,
  });
  return {
    ...wrap(pool),
    async tx<T>(fn: (q: Queryable) => Promise<T>, options?: { readOnly?: boolean }): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query(options?.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (script) => {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}
