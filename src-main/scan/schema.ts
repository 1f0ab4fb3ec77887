// Local tables of the scan station. Indexes follow the board's aggregate queries (see board.ts and its
// EXPLAIN QUERY PLAN test) and the rules' finds (volume, page, job + volume number).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ColorMode, FileFormat, QualityLevel, ScanEventKind } from '../../src-shared/scan/rows';
import type { StepDef, OriginalsState, VolumeStatus, VolumeStepKey } from '../../src-shared/scan/workflow';
import type { DefectType } from '../../src-shared/scan/qc-sampling';
import type { VolumeFormat } from '../../src-shared/scan/import-rows';
import { registryColumns } from '../store/columns';

export const scanSettings = sqliteTable('scan_settings', {
  id: text('id').primaryKey(),
  operatorId: text('operator_id').notNull(),
  jobId: text('job_id').notNull(),
  qualityLevel: text('quality_level').$type<QualityLevel>().notNull(),
  targetPpi: integer('target_ppi').notNull(),
  colorMode: text('color_mode').$type<ColorMode>().notNull(),
  fileFormat: text('file_format').$type<FileFormat>().notNull(),
  namingPattern: text('naming_pattern').notNull(),
  workflow: text('workflow', { mode: 'json' }).$type<StepDef[]>().notNull(),
  ...registryColumns,
});

export const scanVolumes = sqliteTable(
  'scan_volumes',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    volumeNo: text('volume_no').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    shelfNo: text('shelf_no').notNull(),
    expectedPages: integer('expected_pages').notNull(),
    format: text('format').$type<VolumeFormat>().notNull(),
    restriction: text('restriction').$type<'center_only' | 'none'>().notNull(),
    dcDate: text('dc_date').notNull(),
    extra: text('extra', { mode: 'json' }).$type<Record<string, string>>(),
    ...registryColumns,
  },
  // Not unique: two devices may add the same number offline; the rule refuses the second at HQ.
  (t) => [
    index('scan_volumes_job_no').on(t.jobId, t.volumeNo),
    index('scan_volumes_code').on(t.code),
    // Covering index for the board's expected-page totals.
    index('scan_volumes_expected').on(t.jobId, t.expectedPages),
  ],
);

export const scanVolumeStates = sqliteTable(
  'scan_volume_states',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    stepKey: text('step_key').$type<VolumeStepKey>().notNull(),
    status: text('status').$type<VolumeStatus>().notNull(),
    workerId: text('worker_id'),
    enteredAt: integer('entered_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    pageCount: integer('page_count').notNull(),
    compositePages: integer('composite_pages').notNull(),
    originals: text('originals').$type<OriginalsState>().notNull(),
    hlc: text('hlc').notNull(),
  },
  // Covering index for WIP per step (job, step, status → pages) so the board never reads the table itself.
  (t) => [
    index('scan_states_board').on(t.jobId, t.stepKey, t.status, t.pageCount),
    index('scan_states_step').on(t.stepKey, t.status, t.pageCount),
    index('scan_states_worker').on(t.workerId),
    index('scan_states_active').on(t.status, t.jobId),
  ],
);

export const scanPages = sqliteTable(
  'scan_pages',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    volumeId: text('volume_id').notNull(),
    pageNo: integer('page_no').notNull(),
    tileRows: integer('tile_rows').notNull(),
    tileCols: integer('tile_cols').notNull(),
    reworkStep: text('rework_step'),
    reworkNote: text('rework_note'),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('scan_pages_volume').on(t.volumeId, t.pageNo), index('scan_pages_rework').on(t.jobId, t.reworkStep)],
);

export const scanTiles = sqliteTable(
  'scan_tiles',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    volumeId: text('volume_id').notNull(),
    pageId: text('page_id').notNull(),
    row: integer('row').notNull(),
    col: integer('col').notNull(),
    workerId: text('worker_id'),
    at: integer('at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('scan_tiles_page').on(t.pageId), index('scan_tiles_volume').on(t.volumeId)],
);

export const scanEvents = sqliteTable(
  'scan_events',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    volumeId: text('volume_id').notNull(),
    pageId: text('page_id'),
    kind: text('kind').$type<ScanEventKind>().notNull(),
    stepKey: text('step_key'),
    workerId: text('worker_id'),
    staffId: text('staff_id'),
    at: integer('at').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    day: text('day').notNull(),
    pages: integer('pages').notNull(),
    fields: text('fields', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    note: text('note'),
    deviceId: text('device_id').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [
    index('scan_events_volume').on(t.volumeId, t.kind, t.stepKey),
    // Burn-down and throughput: completed pages per step per day, covered by the index.
    index('scan_events_daily').on(t.jobId, t.kind, t.stepKey, t.day, t.pages),
    index('scan_events_daily_all').on(t.kind, t.stepKey, t.day, t.pages),
    index('scan_events_page').on(t.pageId),
  ],
);

export const scanQcResults = sqliteTable(
  'scan_qc_results',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    volumeId: text('volume_id').notNull(),
    pageId: text('page_id'),
    checkedWorkerId: text('checked_worker_id'),
    inspectorWorkerId: text('inspector_worker_id'),
    inspectorStaffId: text('inspector_staff_id'),
    result: text('result').$type<'pass' | 'fail'>().notNull(),
    defectType: text('defect_type').$type<DefectType>(),
    note: text('note'),
    at: integer('at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('scan_qc_volume').on(t.volumeId), index('scan_qc_checked').on(t.checkedWorkerId, t.at), index('scan_qc_page').on(t.pageId)],
);

export const scanDeliveries = sqliteTable(
  'scan_deliveries',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    jobId: text('job_id').notNull(),
    shipmentNo: text('shipment_no').notNull(),
    kind: text('kind').$type<'delivered' | 'accepted'>().notNull(),
    fileCount: integer('file_count').notNull(),
    volumeCount: integer('volume_count').notNull(),
    manifestSha256: text('manifest_sha256').notNull(),
    note: text('note'),
    at: integer('at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('scan_deliveries_job').on(t.jobId, t.shipmentNo)],
);

export const scanImportMappings = sqliteTable(
  'scan_import_mappings',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    clientKey: text('client_key').notNull(),
    mapping: text('mapping', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    ...registryColumns,
  },
  (t) => [index('scan_import_mappings_client').on(t.clientKey)],
);
