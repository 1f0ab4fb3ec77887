// Opens the local SQLite store: durable pragmas, migrations before anything else, newer databases refused.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
// SQLite3MultipleCiphers build of better-sqlite3: same API, plus at-rest encryption (docs/decisions/0005).
import CipherDatabase from 'better-sqlite3-multiple-ciphers';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '../../src-shared/core/errors';
import { deriveFileKey } from './file-crypto';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  sqlite: Database.Database;
  db: Db;
  /** Number of migrations applied: the local schema version. */
  schemaVersion: number;
  /**
   * Key for the files kept beside the database (derived from the database key, src-main/store/file-crypto.ts);
   * null when the database itself is not encrypted. Replaced when the database is re-keyed.
   */
  fileKey?: Buffer | null;
  close(): void;
}

/**
 * Durability: WAL with synchronous=FULL, so a punch acknowledged to the person has been fsynced and survives a
 * power cut (docs/decisions/0003-durability.md).
 */
export function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

export function defaultMigrationsFolder(): string {
  return process.env.TOMONI_MIGRATIONS ?? path.resolve(import.meta.dirname ?? __dirname, '../../migrations');
}

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

export function readJournal(folder: string): Journal {
  return JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as Journal;
}

/** Maps low-level SQLite failures to errors a person can act on. */
export function toStorageError(err: unknown): AppError | null {
  const code = (err as { code?: string } | null)?.code ?? '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new AppError('storage_full', 'errors.storageFull');
  if (['SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_READONLY', 'SQLITE_IOERR', 'EACCES', 'EROFS'].some((c) => code.startsWith(c))) {
    return new AppError('storage_unavailable', 'fatal.databaseUnavailable');
  }
  return null;
}

export interface OpenOptions {
  /** 32-byte database key; null keeps the file unencrypted (tests, or a database made before encryption). */
  key?: Buffer | null;
}

/** Opens a SQLite file, unlocking it first when a key is given. The key must be the very first statement. */
export function openSqlite(file: string, options: OpenOptions = {}): Database.Database {
  const sqlite = new CipherDatabase(file) as unknown as Database.Database;
  if (options.key) {
    if (options.key.length !== 32) throw new Error('database key must be 32 bytes');
    sqlite.pragma(`hexkey='${options.key.toString('hex')}'`);
  }
  try {
    // Reading the schema proves the key (or the absence of one) fits this file.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
  } catch (err) {
    sqlite.close();
    // With a key, "not a database" means the key does not fit; without one, the file itself is damaged.
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError('storage_unavailable', options.key ? 'fatal.databaseLocked' : 'fatal.databaseUnavailable');
    }
    throw err;
  }
  return sqlite;
}

export function openStore(file: string, migrationsFolder = defaultMigrationsFolder(), options: OpenOptions = {}): Store {
  let sqlite: Database.Database;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = openSqlite(file, options);
    applyPragmas(sqlite);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw toStorageError(err) ?? err;
  }
  try {
    const journal = readJournal(migrationsFolder);
    const supported = journal.entries.length;
    const found = sqlite.pragma('user_version', { simple: true }) as number;
    if (found > supported) {
      throw new AppError('storage_unavailable', 'fatal.databaseNewer', { found, supported });
    }
    const db = drizzle(sqlite, { schema });
    // drizzle runs all pending migrations in one transaction, before any window or server exists.
    migrate(db, { migrationsFolder });
    sqlite.pragma(`user_version = ${supported}`);
    return { sqlite, db, schemaVersion: supported, fileKey: options.key ? deriveFileKey(options.key) : null, close: () => sqlite.close() };
  } catch (err) {
    sqlite.close();
    throw toStorageError(err) ?? err;
  }
}
