// HQ tables as numbered migrations, applied at start in one transaction (decision 0069). Every table carries
// operator_id first in its key, so HQ can later shard by operator (DESIGN.md). The same DDL runs on SQLite and
// PostgreSQL; JSON is kept as text so both stores read it alike. A released migration is never edited: a change is a
// new entry at the end of `migrations`.
import { lookupIndexes } from './lookups';
import type { Queryable, SqlDb } from './sql';

interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Version 1 is HQ's first released schema: written with IF NOT EXISTS, exactly as HQs of that version created it. */
const v1 = `
CREATE TABLE IF NOT EXISTS hq_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operators_state (
  operator_id TEXT PRIMARY KEY, last_cursor BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
  operator_id TEXT NOT NULL, tbl TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, hlc TEXT NOT NULL,
  field_hlc TEXT, PRIMARY KEY (operator_id, tbl, id));
CREATE TABLE IF NOT EXISTS changes (
  operator_id TEXT NOT NULL, bucket TEXT NOT NULL, tbl TEXT NOT NULL, id TEXT NOT NULL, cursor BIGINT NOT NULL,
  deleted INTEGER NOT NULL, origin TEXT, echo INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (operator_id, bucket, tbl, id));
CREATE INDEX IF NOT EXISTS changes_cursor ON changes (operator_id, bucket, cursor);
CREATE TABLE IF NOT EXISTS bucket_state (
  operator_id TEXT NOT NULL, bucket TEXT NOT NULL, cursor BIGINT NOT NULL, checksum BIGINT NOT NULL,
  count BIGINT NOT NULL, PRIMARY KEY (operator_id, bucket));
CREATE TABLE IF NOT EXISTS history (
  operator_id TEXT NOT NULL, tbl TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, hlc TEXT NOT NULL,
  old_value TEXT, new_value TEXT, old_hlc TEXT, lost INTEGER NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY (operator_id, tbl, id, field, hlc));
CREATE TABLE IF NOT EXISTS devices (
  operator_id TEXT NOT NULL, device_id TEXT NOT NULL, kind TEXT NOT NULL, site_id TEXT, worker_id TEXT,
  secret_hash TEXT NOT NULL, last_seq BIGINT NOT NULL, last_seen BIGINT, app_version TEXT, schema_version INTEGER,
  protocol_version INTEGER, clock_offset_ms BIGINT, queued BIGINT, created_at BIGINT NOT NULL, revoked_at BIGINT,
  bootstrap INTEGER NOT NULL, PRIMARY KEY (operator_id, device_id));
CREATE UNIQUE INDEX IF NOT EXISTS devices_device_id ON devices (device_id);
CREATE TABLE IF NOT EXISTS enrollment_codes (
  operator_id TEXT NOT NULL, code_hash TEXT NOT NULL, kind TEXT NOT NULL, site_id TEXT, worker_id TEXT,
  expires_at BIGINT NOT NULL, used_at BIGINT, used_by TEXT, created_at BIGINT NOT NULL,
  PRIMARY KEY (operator_id, code_hash));
CREATE UNIQUE INDEX IF NOT EXISTS enrollment_codes_hash ON enrollment_codes (code_hash);
CREATE TABLE IF NOT EXISTS rejections (
  operator_id TEXT NOT NULL, device_id TEXT NOT NULL, seq BIGINT NOT NULL, command_id TEXT NOT NULL,
  name TEXT NOT NULL, args TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY (operator_id, device_id, seq));
CREATE TABLE IF NOT EXISTS held_commands (
  operator_id TEXT NOT NULL, device_id TEXT NOT NULL, seq BIGINT NOT NULL, command TEXT NOT NULL,
  received_at BIGINT NOT NULL, released_at BIGINT, PRIMARY KEY (operator_id, device_id, seq));
CREATE TABLE IF NOT EXISTS late_rejections (
  operator_id TEXT NOT NULL, device_id TEXT NOT NULL, seq BIGINT NOT NULL, created_at BIGINT NOT NULL, acked_at BIGINT,
  PRIMARY KEY (operator_id, device_id, seq));
CREATE TABLE IF NOT EXISTS seen_requests (
  operator_id TEXT NOT NULL, device_id TEXT NOT NULL, request_id TEXT NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY (operator_id, device_id, request_id));
CREATE INDEX IF NOT EXISTS seen_requests_at ON seen_requests (at);
CREATE TABLE IF NOT EXISTS hq_audit (
  operator_id TEXT NOT NULL, id TEXT NOT NULL, at BIGINT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL,
  target TEXT, details TEXT, request_id TEXT, PRIMARY KEY (operator_id, id));
CREATE INDEX IF NOT EXISTS hq_audit_at ON hq_audit (operator_id, at);
CREATE TABLE IF NOT EXISTS operator_codes (
  code_hash TEXT PRIMARY KEY, expires_at BIGINT NOT NULL, used_at BIGINT, used_by TEXT, created_at BIGINT NOT NULL);
`;

function split(script: string): string[] {
  return script.split(';').map((s) => s.trim()).filter(Boolean);
}

/** Additive only for what devices read (rule 8): new columns and tables, never a destructive change. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', statements: split(v1) },
  {
    version: 2,
    name: 'command ids and successor devices',
    statements: split(`
      CREATE TABLE applied_commands (
        operator_id TEXT NOT NULL, device_id TEXT NOT NULL, seq BIGINT NOT NULL, command_id TEXT NOT NULL,
        outcome TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (operator_id, device_id, seq));
      CREATE INDEX applied_commands_id ON applied_commands (operator_id, command_id);
      CREATE INDEX applied_commands_at ON applied_commands (at);
      ALTER TABLE devices ADD COLUMN replaces TEXT;
      ALTER TABLE devices ADD COLUMN replaced_by TEXT
    `),
  },
  {
    version: 3,
    name: 'the history an operator brought at attach',
    statements: split(`ALTER TABLE devices ADD COLUMN history_seq BIGINT`),
  },
];

export const HQ_SCHEMA_VERSION = migrations.at(-1)!.version;

/** A database written by a newer HQ: this one must not touch it (it may misread or undo what it does not know). */
export class HqSchemaTooNew extends Error {
  constructor(readonly found: number) {
    super(
      `This HQ database is at schema version ${found}, newer than this HQ knows (${HQ_SCHEMA_VERSION}). ` +
        'Run the HQ version that wrote it (or newer); do not start an older HQ on it.',
    );
    this.name = 'HqSchemaTooNew';
  }
}

async function storedVersion(q: Queryable): Promise<number> {
  const exists =
    q.dialect === 'sqlite'
      ? await q.all(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'hq_settings'`)
      : await q.all(`SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'hq_settings'`);
  if (exists.length === 0) return 0;
  const rows = await q.all<{ value: string }>(`SELECT value FROM hq_settings WHERE key = 'schema_version'`);
  return rows.length ? Number(rows[0].value) : 0;
}

/** The stored version, without changing anything (a refused start, a backup's check). */
export async function hqSchemaVersion(db: SqlDb): Promise<number> {
  return storedVersion(db);
}

/**
 * Brings the database to HQ_SCHEMA_VERSION in one transaction: all pending migrations or none. On PostgreSQL an
 * advisory lock keeps two HQ processes starting at once from migrating twice. Refuses a newer database.
 */
export async function migrateHq(db: SqlDb): Promise<{ from: number; to: number }> {
  return db.tx(async (q) => {
    if (q.dialect === 'pg') await q.all(`SELECT pg_advisory_xact_lock(7429001)`);
    const from = await storedVersion(q);
    if (from > HQ_SCHEMA_VERSION) throw new HqSchemaTooNew(from);
    for (const m of migrations) {
      if (m.version <= from) continue;
      for (const statement of m.statements) await q.run(statement);
    }
    // Indexes for the rules' finds, one per declared lookup: a new lookup in a later version is simply a new index.
    for (const statement of lookupIndexes(q.dialect)) await q.run(statement);
    await q.run(
      `INSERT INTO hq_settings (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(HQ_SCHEMA_VERSION)],
    );
    return { from, to: HQ_SCHEMA_VERSION };
  });
}
