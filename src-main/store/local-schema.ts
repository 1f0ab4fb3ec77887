// Tables that belong to this device only and never sync: its identity, the upload queue, history, lockouts.
import { integer, sqliteTable, text, index } from 'drizzle-orm/sqlite-core';

/** One row: who this install is. */
export const deviceInfo = sqliteTable('device_info', {
  id: text('id').primaryKey().$type<'self'>(),
  deviceId: text('device_id').notNull(),
  kind: text('kind').$type<'center' | 'loaned'>().notNull(),
  operatorId: text('operator_id').notNull(),
  siteId: text('site_id'),
  workerId: text('worker_id'),
  /** Last HLC issued here, so the clock never runs backwards across restarts. */
  hlc: text('hlc').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** The upload queue (DESIGN.md rule 2): every command, numbered per device, with its arguments. */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    args: text('args', { mode: 'json' }).$type<unknown>().notNull(),
    /** Who ran it, plus a staff actor's signature (`proof`, docs/decisions/0072). */
    actor: text('actor', { mode: 'json' }).$type<{ role: string; staffId: string | null; workerId: string | null; proof?: string }>().notNull(),
    hlc: text('hlc').notNull(),
    deviceTime: integer('device_time').notNull(),
    /** The effects applied locally, kept so a rejection can be undone precisely. */
    effects: text('effects', { mode: 'json' }).$type<unknown[]>().notNull(),
  },
  (t) => [index('outbox_id').on(t.id)],
);

/** Highest seq ever issued, so a drained queue never reuses a number HQ has already seen. */
export const outboxSeq = sqliteTable('outbox_seq', {
  id: integer('id').primaryKey(),
  last: integer('last').notNull(),
});

/** Values overwritten by a last-writer-wins merge, so nothing is silently dropped (rule 4). */
export const fieldHistory = sqliteTable(
  'field_history',
  {
    id: text('id').primaryKey(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value', { mode: 'json' }),
    newValue: text('new_value', { mode: 'json' }),
    oldHlc: text('old_hlc'),
    hlc: text('hlc').notNull(),
    lost: integer('lost', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('field_history_row').on(t.tableName, t.rowId)],
);

/** Failed PIN attempts per subject, persisted so a restart does not reset a lockout. */
export const pinAttempts = sqliteTable('pin_attempts', {
  subject: text('subject').primaryKey(),
  failures: integer('failures').notNull(),
  lockedUntil: integer('locked_until'),
  lastFailureAt: integer('last_failure_at').notNull(),
});
