// Daily local backups that rotate (DESIGN.md "Errors and bad input"): a consistent copy made with VACUUM INTO,
// which keeps the database's encryption, one file per JST day, the newest `keep` kept.
import fs from 'node:fs';
import path from 'node:path';
import { jstDate } from '../../src-shared/core/time';
import { createLogger } from '../logging/logger';
import type { Clock } from './clock';
import type { Store } from './open';

const log = createLogger('backup');
const NAME = /^tomoni-(\d{4}-\d{2}-\d{2})\.sqlite$/;

export interface BackupResult {
  created: string | null;
  removed: string[];
}

export function backupNow(store: Store, dir: string, clock: Clock, keep = 7): BackupResult {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `tomoni-${jstDate(clock.now())}.sqlite`);
  let created: string | null = null;
  if (!fs.existsSync(target)) {
    const partial = `${target}.partial`;
    fs.rmSync(partial, { force: true });
    // Write under a temporary name first so a crash never leaves a half backup that looks complete.
    store.sqlite.prepare('VACUUM INTO ?').run(partial);
    fs.renameSync(partial, target);
    created = target;
  }
  const backups = fs
    .readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort()
    .reverse();
  const removed = backups.slice(keep).map((f) => path.join(dir, f));
  for (const f of removed) fs.rmSync(f, { force: true });
  return { created, removed };
}

/** Checks every hour; makes the day's backup on the first check of each day. */
export function scheduleBackups(store: Store, dir: string, clock: Clock): () => void {
  const run = () => {
    try {
      const result = backupNow(store, dir, clock);
      if (result.created) log.info('backup written', { file: result.created, removed: result.removed.length });
    } catch (err) {
      // A failed backup must never stop work; it is logged and retried next hour.
      log.error('backup failed', { error: String(err) });
    }
  };
  run();
  const timer = setInterval(run, 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
