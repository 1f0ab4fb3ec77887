// Procedures of data entry: templates, batches and units (leader), keying (keyer), compare/adjudicate, review,
// export and the client's insight report.
import { z } from 'zod';
import type { DateContext } from '../core/japanese-input';
import { procedure } from '../api/define';
import type { Role } from '../core/roles';
import type { Comparison } from './compare';
import type { UnitStatus } from './review';
import { MAX_SOURCE_BYTES, idSchema, templateInput, valuesSchema } from './schemas';
export { MAX_SOURCE_BYTES };
import type { TemplateDef, TemplateKind, Values } from './template';
import type { LogbookIssue, TripFacts } from './logbook-checks';
import type { UtilizationReport } from './utilization';
import type { ValueIssue } from './validate';

const leads: readonly Role[] = ['admin', 'manager', 'director', 'leader'];
const keyerRoles: readonly Role[] = ['leader', 'worker', 'admin', 'manager', 'director'];
const designers: readonly Role[] = ['admin', 'manager', 'director'];
const slotSchema = z.union([z.literal(1), z.literal(2)]);

export interface TemplateView {
  id: string;
  code: string;
  name: string;
  kind: TemplateKind;
  def: TemplateDef;
  active: boolean;
}

export interface FileOut {
  fileName: string;
  mime: string;
  base64: string;
  /** Characters that could not be written in the chosen encoding (CP932), each once. */
  unencodable: string[];
  /** No file was made (base64 is empty): characters would be lost and the loss was not accepted yet. */
  withheld?: boolean;
}

export type StatusCounts = Record<UnitStatus, number>;

export interface BatchSummary {
  id: string;
  code: string;
  name: string;
  jobId: string;
  jobCode: string;
  templateId: string;
  templateName: string;
  templateKind: TemplateKind;
  doubleEntry: boolean;
  pages: number;
  unassignedPages: number;
  units: number;
  byStatus: StatusCounts;
}

export interface UnitView {
  id: string;
  batchId: string;
  seq: number;
  label: string;
  pages: number;
  siteId: string | null;
  siteName: string;
  keyer1Id: string | null;
  keyer1Name: string;
  keyer2Id: string | null;
  keyer2Name: string;
  doubleEntry: boolean;
  status: UnitStatus;
  submitted1: boolean;
  submitted2: boolean;
  note: string;
}

export interface ProgressLine {
  key: string;
  name: string;
  units: number;
  pages: number;
  byStatus: StatusCounts;
}

export interface BatchDetail {
  batch: BatchSummary;
  units: UnitView[];
  bySite: ProgressLine[];
  byWorker: ProgressLine[];
}

export interface MyUnit extends UnitView {
  batchName: string;
  templateName: string;
  slot: 1 | 2;
  submitted: boolean;
}

export interface PageRef {
  id: string;
  seq: number;
  mime: string;
  pageIndex: number;
}

export interface OpenedUnit {
  unit: UnitView;
  batchName: string;
  slot: 1 | 2;
  submitted: boolean;
  keyable: boolean;
  template: TemplateView;
  pages: PageRef[];
  /** `${pageId}:${rowNo}` → values: this keyer's committed values, overlaid by unsaved drafts. */
  rows: Record<string, Values>;
  /** Records whose newest values are a draft not yet committed (restored after a crash or reload). */
  draftKeys: string[];
  /** The year a short date such as `4/1` is read in (the job's 年度). */
  dateContext: DateContext;
}

export interface CompareView {
  unit: UnitView;
  template: TemplateView;
  pages: PageRef[];
  comparison: Comparison;
  /** `${pageId}:${rowNo}|field` → value the leader chose. */
  resolutions: Record<string, string>;
  keyer1Name: string;
  keyer2Name: string;
}

export interface QualityLine {
  key: string;
  name: string;
  compared: number;
  agreed: number;
  rate: number;
}

export interface QualityView {
  byField: QualityLine[];
  byWorker: QualityLine[];
}

/** Accepted work per keyer: what payment counts (a double-keyed unit credits both keyers). */
export interface AcceptedWorkLine {
  workerId: string;
  workerName: string;
  jobId: string;
  batchId: string;
  units: number;
  pages: number;
  records: number;
}

export interface ReportView {
  report: UtilizationReport;
  records: number;
  /** Records left out because a value needed for the report is missing or malformed. */
  skipped: number;
  uncoveredMonths: string[];
  /** Contradictions across the whole logbook (every batch of the job) that involve a trip of this batch. */
  issues: LogbookIssue[];
  /** Trips a person flagged 原本どおり: counted as the paper says. */
  flagged: MarkedTrip[];
  /** Trips a reviewer left out: listed here, not counted in any figure. */
  excluded: MarkedTrip[];
}

export interface MarkedTrip extends TripFacts {
  vehicle: string;
  department: string;
}

/** Bytes of a file per `entry.uploadChunk` call: 1 MiB (a multiple of the store's 64 KiB sealed pieces). */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** A file sent before in chunks (`entry.uploadChunk`), named by the id the UI chose for it. */
const uploadedFile = z.object({ uploadId: idSchema, fileName: z.string().min(1).max(200), bytes: z.number().int().min(1).max(MAX_SOURCE_BYTES) });

export const entryContract = {
  'entry.listTemplates': procedure<TemplateView[]>()({ input: z.object({}), access: keyerRoles }),
  'entry.saveTemplate': procedure<TemplateView>()({ input: templateInput, access: designers }),
  'entry.exportTemplate': procedure<FileOut>()({ input: z.object({ id: idSchema }), access: designers }),
  'entry.importTemplate': procedure<TemplateView>()({
    input: z.object({ base64: z.string().min(1).max(4_000_000) }),
    access: designers,
  }),
  'entry.listBatches': procedure<BatchSummary[]>()({ input: z.object({}), access: leads }),
  'entry.createBatch': procedure<BatchSummary>()({
    input: z.object({
      jobId: idSchema,
      templateId: idSchema,
      code: z.string().trim().min(1).max(30),
      name: z.string().trim().min(1).max(100),
      doubleEntry: z.boolean(),
      /** Small files uploaded through the UI in the call itself. */
      files: z.array(z.object({ fileName: z.string().min(1).max(200), base64: z.string().min(1) })).max(200).default([]),
      /** Files of any size uploaded through the UI in chunks first. */
      uploads: z.array(uploadedFile).max(200).default([]),
      /** Or a delivery folder on this machine (shared folder, USB). */
      folder: z.string().max(500).optional(),
    }),
    access: leads,
  }),
  /** One chunk of a file picked in the UI (decision 0121); answers the bytes held so far. */
  'entry.uploadChunk': procedure<{ received: number }>()({
    input: z.object({
      uploadId: idSchema,
      offset: z.number().int().min(0).max(MAX_SOURCE_BYTES),
      total: z.number().int().min(1).max(MAX_SOURCE_BYTES),
      base64: z.string().min(1).max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4),
    }),
    access: leads,
  }),
  /** More source files for a batch that exists (pages follow the ones it has). */
  'entry.addFiles': procedure<BatchDetail>()({
    input: z.object({ batchId: idSchema, uploads: z.array(uploadedFile).min(1).max(200) }),
    access: leads,
  }),
  'entry.batchDetail': procedure<BatchDetail>()({ input: z.object({ batchId: idSchema }), access: leads }),
  'entry.splitUnits': procedure<BatchDetail>()({
    input: z.object({
      batchId: idSchema,
      pagesPerUnit: z.number().int().min(1).max(500),
      /** Units are dealt round-robin over these; each entry is a site and its keyers. */
      assignees: z.array(z.object({ siteId: idSchema.nullable(), keyer1Id: idSchema.nullable(), keyer2Id: idSchema.nullable() })).min(1).max(200),
    }),
    access: leads,
  }),
  'entry.assignUnit': procedure<UnitView>()({
    input: z.object({ unitId: idSchema, siteId: idSchema.nullable(), keyer1Id: idSchema.nullable(), keyer2Id: idSchema.nullable(), doubleEntry: z.boolean().optional() }),
    access: leads,
  }),
  'entry.myUnits': procedure<MyUnit[]>()({ input: z.object({}), access: keyerRoles }),
  'entry.openUnit': procedure<OpenedUnit>()({ input: z.object({ unitId: idSchema, slot: slotSchema.optional() }), access: keyerRoles }),
  'entry.pageImage': procedure<{ mime: string; base64: string; pageIndex: number }>()({
    input: z.object({ pageId: idSchema }),
    access: keyerRoles,
  }),
  'entry.saveDraft': procedure<{ savedAt: number }>()({
    input: z.object({ unitId: idSchema, slot: slotSchema, pageId: idSchema, rowNo: z.number().int().min(0).max(200), values: valuesSchema }),
    access: keyerRoles,
  }),
  'entry.keyRow': procedure<{ id: string; issues: ValueIssue[] }>()({
    input: z.object({ unitId: idSchema, slot: slotSchema, pageId: idSchema, rowNo: z.number().int().min(0).max(200), values: valuesSchema }),
    access: keyerRoles,
  }),
  'entry.submitKeying': procedure<UnitView>()({ input: z.object({ unitId: idSchema, slot: slotSchema }), access: keyerRoles }),
  'entry.compare': procedure<CompareView>()({ input: z.object({ unitId: idSchema }), access: leads }),
  'entry.resolve': procedure<CompareView>()({
    input: z.object({
      unitId: idSchema,
      items: z.array(z.object({ pageId: idSchema, rowNo: z.number().int().min(0).max(200), field: z.string().max(40), value: z.string().max(4000) })).min(1).max(5000),
    }),
    access: leads,
  }),
  'entry.review': procedure<UnitView>()({
    input: z.object({ unitId: idSchema, to: z.enum(['verified', 'accepted', 'sent_back']), note: z.string().trim().max(500) }),
    access: leads,
  }),
  'entry.export': procedure<FileOut>()({
    input: z.object({
      batchId: idSchema,
      format: z.enum(['csv', 'csv-cp932', 'xlsx', 'json']),
      acceptedOnly: z.boolean().default(true),
      /** CP932: false makes no file while characters would be lost, only their list (decision 0114). */
      acceptLoss: z.boolean().default(true),
    }),
    access: leads,
  }),
  'entry.acceptedWork': procedure<AcceptedWorkLine[]>()({
    input: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'validation.month') }),
    access: ['admin', 'manager', 'director', 'backoffice', 'leader'],
  }),
  'entry.quality': procedure<QualityView>()({ input: z.object({ batchId: idSchema }), access: leads }),
  'entry.report': procedure<ReportView>()({ input: z.object({ batchId: idSchema, acceptedOnly: z.boolean().default(false) }), access: [...leads, 'backoffice'] }),
  /** Contradictions across the whole logbook that touch this batch (an empty list for forms that are not logbooks). */
  'entry.logbookChecks': procedure<LogbookIssue[]>()({ input: z.object({ batchId: idSchema }), access: leads }),
  'entry.reportExport': procedure<FileOut>()({
    input: z.object({ batchId: idSchema, acceptedOnly: z.boolean().default(false), format: z.enum(['xlsx', 'pdf']) }),
    access: [...leads, 'backoffice'],
  }),
};
