// Data at rest as a whole: reports how the key is kept (and audits a weaker mode), and — when HQ revokes this
// device — wipes what the synced rows leave behind: backups, source files, freed database pages and the old key.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { newId } from '../../src-shared/core/ids';
import type { AppServices } from '../api/context';
import { readDevice } from '../app/device';
import { sourcesDir } from '../entry/files';
import { createLogger } from '../logging/logger';
import { auditLog } from '../people/schema';
import type { KeyProtection } from './database-key';
import { deriveFileKey } from './file-crypto';

const log = createLogger('at-rest');

export function keyProtectionOf(services: AppServices): KeyProtection {
  return services.keys?.protection() ?? { mode: 'unencrypted' };
}

function describe(p: KeyProtection): Record<string, string> {
  return p.mode === 'key-file' ? { mode: p.mode, reason: p.reason } : { mode: p.mode };
}

/**
 * Writes the key's protection into the audit log when it is weaker than an OS keychain, and again whenever it
 * changes — so an administrator (and HQ) can see that this PC's data is only as safe as its data folder.
 */
export function recordKeyProtection(services: AppServices): void {
  if (!services.keys || !readDevice(services.store)) return;
  const now = describe(keyProtectionOf(services));
  const last = services.store.db.select().from(auditLog).where(eq(auditLog.action, 'system.keyProtection')).orderBy(desc(auditLog.at), desc(auditLog.hlc)).limit(1).get();
  const same = last && JSON.stringify(last.details) === JSON.stringify(now);
  if (same || (!last && now.mode === 'os-keychain')) return;
  if (now.mode !== 'os-keychain') log.warn('database key is not protected by an OS keychain', now);
  services.bus.execute('audit.record', { id: newId(), action: 'system.keyProtection', targetId: null, details: now }, { role: 'kiosk', staffId: null, workerId: null });
}

export interface WipeReport {
  backupsRemoved: number;
  sourcesRemoved: boolean;
  rekeyed: boolean;
}

/**
 * After a revocation wiped the synced rows: removes backups and source files, drops freed pages (VACUUM) and
 * re-keys the database, so the old key — and any copy made with it — opens nothing. The unsynced queue stays,
 * readable under the new key (DESIGN.md rule 9).
 */
export function wipeAtRest(services: AppServices): WipeReport {
  const { store } = services;
  const dataDir = path.dirname(store.sqlite.name);
  const backups = path.join(dataDir, 'backups');
  const backupsRemoved = fs.existsSync(backups) ? fs.readdirSync(backups).length : 0;
  fs.rmSync(backups, { recursive: true, force: true });
  const sources = sourcesDir(store);
  const sourcesRemoved = fs.existsSync(sources);
  fs.rmSync(sources, { recursive: true, force: true });
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  store.sqlite.exec('VACUUM');
  let rekeyed = false;
  const next = randomBytes(32);
  if (services.keys?.stageNext(next)) {
    // SQLite3MultipleCiphers re-keys only outside WAL mode.
    store.sqlite.pragma('journal_mode = DELETE');
    store.sqlite.pragma(`hexrekey='${next.toString('hex')}'`);
    store.sqlite.pragma('journal_mode = WAL');
    services.keys.commitNext();
    store.fileKey = deriveFileKey(next);
    rekeyed = true;
  }
  log.warn('revoked: backups, source files and the old key wiped', { backupsRemoved, sourcesRemoved, rekeyed });
  return { backupsRemoved, sourcesRemoved, rekeyed };
}
