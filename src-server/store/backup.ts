// Online backups of the SQLite HQ and their restore (decision 0070). A backup is `VACUUM INTO` from a separate
// read-only connection: in WAL mode it reads one consistent snapshot while HQ keeps writing, and the copy is a plain,
// compact database file that opens as is. Written under a temporary name and renamed, so a crash never leaves a half
// backup that looks complete; the newest `keep` are kept. PostgreSQL HQs use pg_dump or base backups + WAL (README).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logging/logger';
import { HQ_SCHEMA_VERSION } from './schema';

const NAME = /^hq-(\d{8}T\d{6}Z)\.sqlite$/;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export function listHqBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** One backup now; returns its path. Older ones beyond `keep` are removed. */
export function backupSqliteHq(dbFile: string, dir: string, now: number, keep = 14): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `hq-${stamp(now)}.sqlite`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const src = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    src.prepare('VACUUM INTO ?').run(partial);
  } finally {
    src.close();
  }
  // The copy itself must reach the disk before it counts as a backup.
  const fd = fs.openSync(partial, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(partial, target);
  const all = listHqBackups(dir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(old, { force: true });
  return target;
}

/** Every `everyHours` (and once at start); a failure is logged and retried at the next turn, never stops HQ. */
export function scheduleHqBackups(dbFile: string, dir: string, options: { everyHours: number; keep: number; now?: () => number; log: Logger }): () => void {
  const run = () => {
    try {
      const file = backupSqliteHq(dbFile, dir, (options.now ?? Date.now)(), options.keep);
      options.log.info('HQ backup written', { file });
    } catch (err) {
      options.log.error('HQ backup failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  run();
  const timer = setInterval(run, options.everyHours * 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Cursors jump this far at a restore, so no cursor a device already passed is handed out again for new changes. */
export const RESTORE_CURSOR_JUMP = 1_000_000_000;

/**
 * Restores `backup` as the HQ database in `dataDir` (HQ stopped). The backup is checked first (integrity, a schema
 * this HQ knows); the current database is kept beside it, renamed, never deleted. Devices then find HQ behind them and
 * re-send what it lost from their safety windows (replica.ts).
 */
export function restoreSqliteHq(dataDir: string, backup: string, now: number): { restored: string; keptAs: string | null; schemaVersion: number } {
  const check = new Database(backup, { readonly: true, fileMustExist: true });
  let schemaVersion: number;
  try {
    const ok = check.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new Error(`The backup ${backup} is damaged (quick_check: ${String(ok)}).`);
    const row = check.prepare(`SELECT value FROM hq_settings WHERE key = 'schema_version'`).get() as { value: string } | undefined;
    schemaVersion = Number(row?.value ?? 0);
    if (!row || schemaVersion > HQ_SCHEMA_VERSION) throw new Error(`The backup ${backup} has schema version ${row?.value ?? 'none'}; this HQ knows up to ${HQ_SCHEMA_VERSION}.`);
  } finally {
    check.close();
  }
  const file = path.join(dataDir, 'hq.sqlite');
  fs.mkdirSync(dataDir, { recursive: true });
  let keptAs: string | null = null;
  if (fs.existsSync(file)) {
    keptAs = `${file}.before-restore-${stamp(now)}`;
    fs.renameSync(file, keptAs);
    for (const ext of ['-wal', '-shm']) if (fs.existsSync(file + ext)) fs.renameSync(file + ext, keptAs + ext);
  }
  fs.copyFileSync(backup, `${file}.partial`);
  const db = new Database(`${file}.partial`);
  try {
    db.pragma('journal_mode = WAL');
    db.prepare('UPDATE operators_state SET last_cursor = last_cursor + ?').run(RESTORE_CURSOR_JUMP);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  fs.renameSync(`${file}.partial`, file);
  for (const ext of ['-wal', '-shm']) fs.rmSync(`${file}.partial${ext}`, { force: true });
  return { restored: file, keptAs, schemaVersion };
}
