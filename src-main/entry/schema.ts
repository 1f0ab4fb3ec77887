// Local tables of data entry: synced templates/batches/sources/pages/units/keyings/resolutions/reviews,
// plus the device-only draft table that keeps every keystroke until the row is committed.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { TemplateDef, TemplateKind, Values } from '../../src-shared/entry/template';
import type { UnitStatus } from '../../src-shared/entry/review';
import { bool, registryColumns } from '../store/columns';

export const entryTemplates = sqliteTable(
  'entry_templates',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<TemplateKind>().notNull(),
    def: text('def', { mode: 'json' }).$type<TemplateDef>().notNull(),
    active: bool('active').notNull(),
    ...registryColumns,
  },
  (t) => [index('entry_templates_code').on(t.code)],
);

export const entryBatches = sqliteTable(
  'entry_batches',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    templateId: text('template_id').notNull(),
    templateName: text('template_name').notNull(),
    templateKind: text('template_kind').$type<TemplateKind>().notNull(),
    def: text('def', { mode: 'json' }).$type<TemplateDef>().notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    doubleEntry: bool('double_entry').notNull(),
    createdAt: integer('created_at').notNull(),
    ...registryColumns,
  },
  (t) => [index('entry_batches_job').on(t.jobId)],
);

export const entrySources = sqliteTable(
  'entry_sources',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    batchId: text('batch_id').notNull(),
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    bytes: integer('bytes').notNull(),
    pageCount: integer('page_count').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [index('entry_sources_batch').on(t.batchId)],
);

export const entryPages = sqliteTable(
  'entry_pages',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    batchId: text('batch_id').notNull(),
    sourceId: text('source_id').notNull(),
    pageIndex: integer('page_index').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [index('entry_pages_batch').on(t.batchId, t.seq)],
);

export const entryUnits = sqliteTable(
  'entry_units',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    batchId: text('batch_id').notNull(),
    seq: integer('seq').notNull(),
    label: text('label').notNull(),
    pageIds: text('page_ids', { mode: 'json' }).$type<string[]>().notNull(),
    siteId: text('site_id'),
    keyer1Id: text('keyer1_id'),
    keyer2Id: text('keyer2_id'),
    doubleEntry: bool('double_entry').notNull(),
    status: text('status').$type<UnitStatus>().notNull(),
    submitted1: bool('submitted1').notNull(),
    submitted2: bool('submitted2').notNull(),
    note: text('note').notNull(),
    updatedAt: integer('updated_at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('entry_units_batch').on(t.batchId), index('entry_units_keyer1').on(t.keyer1Id), index('entry_units_keyer2').on(t.keyer2Id)],
);

export const entryKeyings = sqliteTable(
  'entry_keyings',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    batchId: text('batch_id').notNull(),
    unitId: text('unit_id').notNull(),
    pageId: text('page_id').notNull(),
    rowNo: integer('row_no').notNull(),
    slot: integer('slot').notNull(),
    workerId: text('worker_id'),
    values: text('values', { mode: 'json' }).$type<Values>().notNull(),
    at: integer('at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('entry_keyings_unit').on(t.unitId, t.slot), index('entry_keyings_batch').on(t.batchId)],
);

export const entryResolutions = sqliteTable(
  'entry_resolutions',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    batchId: text('batch_id').notNull(),
    unitId: text('unit_id').notNull(),
    pageId: text('page_id').notNull(),
    rowNo: integer('row_no').notNull(),
    field: text('field').notNull(),
    value: text('value').notNull(),
    byId: text('by_id'),
    at: integer('at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('entry_resolutions_unit').on(t.unitId), index('entry_resolutions_batch').on(t.batchId)],
);

export const entryReviews = sqliteTable(
  'entry_reviews',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    unitId: text('unit_id').notNull(),
    fromStatus: text('from_status').$type<UnitStatus>().notNull(),
    toStatus: text('to_status').$type<UnitStatus>().notNull(),
    note: text('note').notNull(),
    byId: text('by_id'),
    at: integer('at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('entry_reviews_unit').on(t.unitId)],
);

/** Device-only: the keyer's latest typing per record, written on every change, never synced. */
export const entryDrafts = sqliteTable(
  'entry_drafts',
  {
    unitId: text('unit_id').notNull(),
    slot: integer('slot').notNull(),
    pageId: text('page_id').notNull(),
    rowNo: integer('row_no').notNull(),
    /** Who typed it: drafts are as private as the keying they become. */
    ownerId: text('owner_id').notNull(),
    values: text('values', { mode: 'json' }).$type<Values>().notNull(),
    savedAt: integer('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.slot, t.pageId, t.rowNo] })],
);
