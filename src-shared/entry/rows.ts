// Rows of the data-entry feature as they sit in every store (device and HQ).
import type { TemplateDef, TemplateKind, Values } from './template';
import type { UnitStatus } from './review';

/** Registry: a form template, edited by staff (LWW per field). */
export interface EntryTemplateRow {
  id: string;
  operatorId: string;
  code: string;
  name: string;
  kind: TemplateKind;
  def: TemplateDef;
  active: boolean;
  hlc: string;
  fieldHlc: Record<string, string>;
}

/** Registry: a batch — the source pages of one job keyed with one template. */
export interface EntryBatchRow {
  id: string;
  operatorId: string;
  jobId: string;
  templateId: string;
  /** The template as it was when the batch was made: keyed data is checked against what the keyers saw, and a
   * loaned PC (which holds job buckets, not the operator's registry) has the form it needs. */
  templateName: string;
  templateKind: TemplateKind;
  def: TemplateDef;
  code: string;
  name: string;
  /** Default for new units: blind double entry (each unit keyed twice by different workers). */
  doubleEntry: boolean;
  createdAt: number;
  hlc: string;
  fieldHlc: Record<string, string>;
}

/** Event: a source file (PDF or image) stored by SHA-256 in the data folder; sync carries only this row. */
export interface EntrySourceRow {
  id: string;
  operatorId: string;
  jobId: string;
  batchId: string;
  sha256: string;
  fileName: string;
  mime: string;
  bytes: number;
  pageCount: number;
  addedAt: number;
}

/** Event: one page of a source, in batch order. */
export interface EntryPageRow {
  id: string;
  operatorId: string;
  jobId: string;
  batchId: string;
  sourceId: string;
  /** 0-based page within the source file. */
  pageIndex: number;
  /** 1-based order within the batch. */
  seq: number;
}

/** State: a work unit — some pages of a batch assigned to a site and keyers; its review state. */
export interface EntryUnitRow {
  id: string;
  operatorId: string;
  jobId: string;
  batchId: string;
  seq: number;
  label: string;
  pageIds: string[];
  siteId: string | null;
  keyer1Id: string | null;
  keyer2Id: string | null;
  /** Blind double entry: keyed twice by different workers, compared field by field. */
  doubleEntry: boolean;
  status: UnitStatus;
  submitted1: boolean;
  submitted2: boolean;
  note: string;
  updatedAt: number;
  hlc: string;
}

/** Event: one keyed record (a page header or a row) by one keyer. A correction is a newer event for the same record. */
export interface EntryKeyingRow {
  id: string;
  operatorId: string;
  jobId: string;
  batchId: string;
  unitId: string;
  pageId: string;
  rowNo: number;
  /** 1 = first keying, 2 = the blind second keying. */
  slot: number;
  workerId: string | null;
  values: Values;
  at: number;
  hlc: string;
}

/** Event: a leader's decision for one mismatched field, made against the source image. */
export interface EntryResolutionRow {
  id: string;
  operatorId: string;
  jobId: string;
  batchId: string;
  unitId: string;
  pageId: string;
  rowNo: number;
  field: string;
  value: string;
  byId: string | null;
  at: number;
  hlc: string;
}

/** Event: one review transition with its note (the history of a unit's state). */
export interface EntryReviewRow {
  id: string;
  operatorId: string;
  jobId: string;
  unitId: string;
  fromStatus: UnitStatus;
  toStatus: UnitStatus;
  note: string;
  byId: string | null;
  at: number;
  hlc: string;
}

/** Only the latest event per record counts: corrections append, they never overwrite. */
export function latestKeyings(rows: EntryKeyingRow[]): Map<string, EntryKeyingRow> {
  const latest = new Map<string, EntryKeyingRow>();
  for (const r of rows) {
    const k = `${r.pageId}:${r.rowNo}`;
    const prev = latest.get(k);
    if (!prev || prev.hlc < r.hlc) latest.set(k, r);
  }
  return latest;
}
