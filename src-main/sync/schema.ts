// The sync agent's own tables: never synced, never written by commands. All agent state lives here so a kill -9
// at any point resumes from the last committed step.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row: how this device reaches HQ and what it last heard. */
export const syncState = sqliteTable('sync_state', {
  id: text('id').primaryKey().$type<'self'>(),
  hqUrl: text('hq_url').notNull(),
  /**
   * SHA-256 of HQ's TLS certificate (64 hex digits), learned at join from a certificate matching the code's pin
   * (decision 0079); every request refuses any other certificate. Null for a plain-HTTP HQ.
   */
  hqPin: text('hq_pin'),
  /**
   * Per-device secret issued at enrollment. Sealed by the SecretVault (Electron: safeStorage, see
   * src-main/sync/vault.ts); stored as `plain:` only where no OS keychain exists (serve, tests).
   */
  sealedSecret: text('sealed_secret').notNull(),
  revokedAt: integer('revoked_at'),
  lastSyncAt: integer('last_sync_at'),
  lastAttemptAt: integer('last_attempt_at'),
  lastErrorCode: text('last_error_code'),
  clockOffsetMs: integer('clock_offset_ms'),
  /** The highest seq HQ acknowledged to this device (an HQ answering lower was restored: replica.ts). */
  hqAppliedSeq: integer('hq_applied_seq').notNull(),
  /**
   * The checksum definition the stored membership hashes follow (src-shared/sync/checksum.ts). A device holding
   * buckets under another one fetches them again in place, once (decision 0063).
   */
  checksumVersion: integer('checksum_version').notNull().default(1),
  /** A fresh identity being attached (decision 0067): stored before asking HQ, so a retry asks for the same one. */
  pendingDeviceId: text('pending_device_id'),
  /** The last recovery (replica.ts RecoveryReason), shown on the sync screen until dismissed. */
  recoveryReason: text('recovery_reason'),
  recoveryAt: integer('recovery_at'),
  /** The identity this device had before its last re-attach. */
  previousDeviceId: text('previous_device_id'),
});

/**
 * Commands HQ acknowledged, kept for the safety window (rule 9, replica.ts RETENTION): an HQ restored from a backup
 * gets them back from here. Same columns as the outbox, plus when HQ acknowledged them.
 */
export const syncAcked = sqliteTable('sync_acked', {
  seq: integer('seq').primaryKey(),
  id: text('id').notNull(),
  name: text('name').notNull(),
  args: text('args').notNull(),
  actor: text('actor').notNull(),
  hlc: text('hlc').notNull(),
  deviceTime: integer('device_time').notNull(),
  effects: text('effects').notNull(),
  ackedAt: integer('acked_at').notNull(),
});

/** Download position and checksum per bucket. */
export const syncBuckets = sqliteTable('sync_buckets', {
  bucket: text('bucket').primaryKey(),
  cursor: integer('cursor').notNull(),
  checksum: integer('checksum').notNull(),
  count: integer('count').notNull(),
  /**
   * 1 while the bucket is being filled from nothing (first download or a re-fetch): HQ then sends the device's own
   * rows too. Kept across kills, so a re-fetch interrupted after its first page still gets them (decision 0063).
   */
  filling: integer('filling').notNull().default(0),
});

/**
 * Which pulled row belongs to which bucket, with the HLC HQ sent: membership for rule 6, input for checksums. Keyed by
 * the row first and stored WITHOUT ROWID (set in migration 0001; drizzle cannot declare it), so one B-tree holds it:
 * a snapshot writes a million of these, and the old layout (a rowid table, its key index and a second index by row)
 * cost as much as the rows themselves. Reads by bucket (leaving a scope, the full check) scan it; they are rare.
 */
export const syncMembers = sqliteTable('sync_members', {
  tbl: text('tbl').notNull(),
  rowId: text('row_id').notNull(),
  bucket: text('bucket').notNull(),
  hlc: text('hlc').notNull(),
  /** The row's content hash as counted into the bucket checksum (so a replaced or removed row is taken out exactly). */
  hash: integer('hash').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.tbl, t.rowId, t.bucket] })]);

/** Rows touched by acknowledged local commands, checked once HQ's checkpoint lands: out-of-scope ones go. */
export const syncTouched = sqliteTable('sync_touched', {
  key: text('key').primaryKey(),
  tbl: text('tbl').notNull(),
  rowId: text('row_id').notNull(),
});

/** Commands HQ refused, with the reason, shown to a person until dismissed (nothing silently dropped). */
export const syncRejections = sqliteTable('sync_rejections', {
  seq: integer('seq').primaryKey(),
  commandId: text('command_id').notNull(),
  name: text('name').notNull(),
  args: text('args', { mode: 'json' }).$type<unknown>().notNull(),
  reason: text('reason', { mode: 'json' }).$type<{ code: string; messageKey: string; params?: Record<string, string | number> }>().notNull(),
  at: integer('at').notNull(),
  dismissedAt: integer('dismissed_at'),
});
