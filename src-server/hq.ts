// Builds an HQ instance over SQLite (a file in the data folder) or PostgreSQL: store, migrations, HTTP app.
import { HqFileStore } from './files/file-store';
import fs from 'node:fs';
import path from 'node:path';
import { prepareBootstrap, type BootstrapSecrets } from './admin/enrollment';
import { createHqApp } from './http/app';
import { createMetrics, type HqMetrics } from './http/metrics';
import { createLogger, type Logger } from './logging/logger';
import { migrateHq } from './store/schema';
import { openPostgres, openSqlite, type SqlDb } from './store/sql';
import { upgradeChecksums } from './sync/checksum-upgrade';
import { rebucket } from './sync/rebucket';
import { releaseHeld } from './sync/held';
import { startMaintenance } from './sync/maintenance';

export interface Hq {
  db: SqlDb;
  app: ReturnType<typeof createHqApp>;
  metrics: HqMetrics;
  secrets: BootstrapSecrets;
  close(): Promise<void>;
}

export interface HqOptions {
  dataDir?: string;
  databaseUrl?: string;
  now?: () => number;
  log?: Logger;
  defaultMetrics?: boolean;
  /** HQ's certificate pin, carried by every code HQ hands out (decision 0079); null or absent over plain HTTP. */
  pin?: string | null;
  /** How long a push that arrived ahead of its predecessor waits for it before `seq_gap` (default 15 s). */
  gapWaitMs?: number;
  /** Update releases (decision 0103); defaults to `<dataDir>/updates` when a data folder is given. */
  updatesDir?: string;
  /** Source files devices exchange (decision 0120); defaults to `<dataDir>/files` when a data folder is given. */
  filesDir?: string;
}

export async function createHq(options: HqOptions): Promise<Hq> {
  let db: SqlDb;
  if (options.databaseUrl) db = openPostgres(options.databaseUrl);
  else {
    const dir = options.dataDir ?? path.resolve('.data/hq');
    fs.mkdirSync(dir, { recursive: true });
    db = openSqlite(path.join(dir, 'hq.sqlite'));
  }
  await migrateHq(db);
  const secrets = await prepareBootstrap(db, (options.now ?? Date.now)());
  const log = options.log ?? createLogger('http');
  const recounted = await upgradeChecksums(db);
  if (recounted) log.info('bucket checksums recounted over row content', { buckets: recounted });
  const moved = await rebucket(db);
  if (moved) log.info('rows moved into the buckets this version names', { rows: moved });
  const released = await releaseHeld(db, (options.now ?? Date.now)());
  if (released) log.info('held commands applied after upgrade', { released });
  const metrics = createMetrics(options.defaultMetrics ?? false);
  const now = options.now ?? Date.now;
  const updatesDir = options.updatesDir ?? (options.dataDir ? path.join(options.dataDir, 'updates') : null);
  const filesDir = options.filesDir ?? (options.dataDir ? path.join(options.dataDir, 'files') : null);
  const files = filesDir ? new HqFileStore(filesDir) : null;
  const app = createHqApp({ db, log, metrics, now, pin: options.pin ?? null, gapWaitMs: options.gapWaitMs, updatesDir, files });
  const maintenance = startMaintenance(db, log, now);
  return {
    db,
    app,
    metrics,
    secrets,
    close: () => {
      maintenance.stop();
      return db.close();
    },
  };
}
