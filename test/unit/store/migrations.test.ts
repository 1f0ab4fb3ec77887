// Each migration applies to an empty database and to the one before it; a newer database is refused.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openStore, readJournal } from '../../../src-main/store/open';
import { AppError } from '../../../src-shared/core/errors';
import { tempDir } from '../../helpers/app';

const folder = defaultMigrationsFolder();
const journal = readJournal(folder);

function copyMigrationsUpTo(count: number): string {
  const dir = tempDir('tomoni-mig-');
  fs.mkdirSync(path.join(dir, 'meta'));
  const entries = journal.entries.slice(0, count);
  for (const e of entries) fs.copyFileSync(path.join(folder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return dir;
}

describe('migrations', () => {
  it('has at least one migration and every file in the journal exists', () => {
    expect(journal.entries.length).toBeGreaterThan(0);
    for (const e of journal.entries) expect(fs.existsSync(path.join(folder, `${e.tag}.sql`))).toBe(true);
  });

  it.each(journal.entries.map((e, i) => [e.tag, i + 1] as const))('applies %s on top of the previous ones', (_tag, count) => {
    const dir = tempDir();
    const file = path.join(dir, 'db.sqlite');
    if (count > 1) openStore(file, copyMigrationsUpTo(count - 1)).close();
    const store = openStore(file, copyMigrationsUpTo(count));
    expect(store.schemaVersion).toBe(count);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });

  it('uses WAL, full sync and foreign keys', () => {
    const store = openStore(path.join(tempDir(), 'db.sqlite'));
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('refuses a database written by a newer app version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    openStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${journal.entries.length + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openStore(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).payload).toMatchObject({ code: 'storage_unavailable', messageKey: 'fatal.databaseNewer' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports an unreadable file as unavailable storage, not a crash', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    fs.writeFileSync(file, 'this is not a database'.repeat(100));
    expect(() => openStore(file)).toThrow(AppError);
  });
});
