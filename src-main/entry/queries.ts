// Read models of data entry: batch summaries, unit views, progress per site and worker, final records.
import { asc, eq } from 'drizzle-orm';
import type { BatchSummary, PageRef, ProgressLine, StatusCounts, TemplateView, UnitView } from '../../src-shared/entry/contract';
import { recordKey, mergeFinal } from '../../src-shared/entry/compare';
import { unitStatuses } from '../../src-shared/entry/review';
import type { EntryKeyingRow } from '../../src-shared/entry/rows';
import { latestKeyings } from '../../src-shared/entry/rows';
import { HEADER_ROW, type TemplateDef, type Values } from '../../src-shared/entry/template';
import { AppError } from '../../src-shared/core/errors';
import { workerDisplayName } from '../../src-shared/people/rows';
import { jobs, sites, workers } from '../people/schema';
import type { Db } from '../store/open';
import { entryBatches, entryKeyings, entryPages, entryResolutions, entrySources, entryTemplates, entryUnits } from './schema';

type UnitRow = typeof entryUnits.$inferSelect;
type BatchRow = typeof entryBatches.$inferSelect;

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(unitStatuses.map((s) => [s, 0])) as StatusCounts;
}

export interface Names {
  worker(id: string | null): string;
  site(id: string | null): string;
}

export function loadNames(db: Db): Names {
  const w = new Map(db.select().from(workers).all().map((r) => [r.id, `${r.code} ${workerDisplayName(r)}`]));
  const s = new Map(db.select().from(sites).all().map((r) => [r.id, r.name]));
  return { worker: (id) => (id ? (w.get(id) ?? '') : ''), site: (id) => (id ? (s.get(id) ?? '') : '') };
}

export function toTemplateView(row: typeof entryTemplates.$inferSelect): TemplateView {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, def: row.def, active: row.active };
}

export function getBatch(db: Db, id: string): BatchRow {
  const batch = db.select().from(entryBatches).where(eq(entryBatches.id, id)).get();
  if (!batch) throw new AppError('not_found', 'entry.errors.batchNotFound');
  return batch;
}

export function getUnit(db: Db, id: string): UnitRow {
  const unit = db.select().from(entryUnits).where(eq(entryUnits.id, id)).get();
  if (!unit) throw new AppError('not_found', 'entry.errors.unitNotFound');
  return unit;
}

export function getTemplate(db: Db, id: string): TemplateView {
  const row = db.select().from(entryTemplates).where(eq(entryTemplates.id, id)).get();
  if (!row) throw new AppError('not_found', 'entry.errors.templateNotFound');
  return toTemplateView(row);
}

/** The template a batch is keyed with: its own snapshot, not today's registry row. */
export function batchTemplate(batch: BatchRow): TemplateView {
  return { id: batch.templateId, code: '', name: batch.templateName, kind: batch.templateKind, def: batch.def, active: true };
}

export function toUnitView(unit: UnitRow, names: Names): UnitView {
  return {
    id: unit.id,
    batchId: unit.batchId,
    seq: unit.seq,
    label: unit.label,
    pages: unit.pageIds.length,
    siteId: unit.siteId,
    siteName: names.site(unit.siteId),
    keyer1Id: unit.keyer1Id,
    keyer1Name: names.worker(unit.keyer1Id),
    keyer2Id: unit.keyer2Id,
    keyer2Name: names.worker(unit.keyer2Id),
    doubleEntry: unit.doubleEntry,
    status: unit.status,
    submitted1: unit.submitted1,
    submitted2: unit.submitted2,
    note: unit.note,
  };
}

export function batchSummary(db: Db, batch: BatchRow): BatchSummary {
  const job = db.select().from(jobs).where(eq(jobs.id, batch.jobId)).get();
  const pages = db.select({ id: entryPages.id }).from(entryPages).where(eq(entryPages.batchId, batch.id)).all();
  const units = db.select().from(entryUnits).where(eq(entryUnits.batchId, batch.id)).all();
  const byStatus = emptyCounts();
  let assigned = 0;
  for (const u of units) {
    byStatus[u.status]++;
    assigned += u.pageIds.length;
  }
  return {
    id: batch.id,
    code: batch.code,
    name: batch.name,
    jobId: batch.jobId,
    jobCode: job?.code ?? '',
    templateId: batch.templateId,
    templateName: batch.templateName,
    templateKind: batch.templateKind,
    doubleEntry: batch.doubleEntry,
    pages: pages.length,
    unassignedPages: pages.length - assigned,
    units: units.length,
    byStatus,
  };
}

export function progress(units: UnitRow[], keyOf: (u: UnitRow) => (string | null)[], nameOf: (k: string) => string): ProgressLine[] {
  const lines = new Map<string, ProgressLine>();
  for (const u of units) {
    for (const k of new Set(keyOf(u).filter((x): x is string => Boolean(x)))) {
      let line = lines.get(k);
      if (!line) lines.set(k, (line = { key: k, name: nameOf(k), units: 0, pages: 0, byStatus: emptyCounts() }));
      line.units++;
      line.pages += u.pageIds.length;
      line.byStatus[u.status]++;
    }
  }
  return [...lines.values()].sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}

export function pagesOf(db: Db, pageIds: string[]): PageRef[] {
  if (pageIds.length === 0) return [];
  const wanted = new Set(pageIds);
  const batchId = db.select({ batchId: entryPages.batchId }).from(entryPages).where(eq(entryPages.id, pageIds[0])).get()?.batchId;
  if (!batchId) return [];
  const sourceMime = new Map(db.select({ id: entrySources.id, mime: entrySources.mime }).from(entrySources).where(eq(entrySources.batchId, batchId)).all().map((s) => [s.id, s.mime]));
  return db
    .select()
    .from(entryPages)
    .where(eq(entryPages.batchId, batchId))
    .orderBy(asc(entryPages.seq))
    .all()
    .filter((p) => wanted.has(p.id))
    .map((p) => ({ id: p.id, seq: p.seq, mime: sourceMime.get(p.sourceId) ?? '', pageIndex: p.pageIndex }));
}

export function keyingsOf(db: Db, unitId: string, slot: number): Map<string, EntryKeyingRow> {
  const rows = db.select().from(entryKeyings).where(eq(entryKeyings.unitId, unitId)).all().filter((r) => r.slot === slot);
  return latestKeyings(rows);
}

export function resolutionsOf(db: Db, unitId: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const rows = db.select().from(entryResolutions).where(eq(entryResolutions.unitId, unitId)).all().sort((a, b) => (a.hlc < b.hlc ? -1 : 1));
  for (const r of rows) {
    const k = recordKey(r.pageId, r.rowNo);
    out.set(k, { ...out.get(k), [r.field]: r.value });
  }
  return out;
}

/** One final record: a row of a page with its page header, after agreement or adjudication. */
export interface FinalRecord {
  batchCode: string;
  unitId: string;
  unitLabel: string;
  pageId: string;
  pageSeq: number;
  rowNo: number;
  header: Values;
  values: Values;
  status: UnitRow['status'];
}

/** Final rows of a batch in page order. Units still in double entry contribute only settled values. */
export function finalRecords(db: Db, batch: BatchRow, def: TemplateDef, statuses: ReadonlySet<string>): FinalRecord[] {
  const pageSeq = new Map(db.select({ id: entryPages.id, seq: entryPages.seq }).from(entryPages).where(eq(entryPages.batchId, batch.id)).all().map((p) => [p.id, p.seq]));
  const units = db.select().from(entryUnits).where(eq(entryUnits.batchId, batch.id)).all().filter((u) => statuses.has(u.status));
  const out: FinalRecord[] = [];
  for (const unit of units) {
    const first = keyingsOf(db, unit.id, 1);
    const second = unit.doubleEntry ? keyingsOf(db, unit.id, 2) : null;
    const resolutions = unit.doubleEntry ? resolutionsOf(db, unit.id) : new Map<string, Record<string, string>>();
    const final = (k: string, fields: TemplateDef['row']) =>
      mergeFinal(fields, first.get(k)?.values, second ? (second.get(k)?.values ?? {}) : undefined, resolutions.get(k) ?? {}).values;
    for (const pageId of unit.pageIds) {
      const header = final(recordKey(pageId, HEADER_ROW), def.header);
      for (let rowNo = 1; rowNo <= def.rowsPerPage; rowNo++) {
        const k = recordKey(pageId, rowNo);
        if (!first.has(k) && !second?.has(k)) continue;
        const values = final(k, def.row);
        if (Object.values(values).every((v) => v === '')) continue;
        out.push({ batchCode: batch.code, unitId: unit.id, unitLabel: unit.label, pageId, pageSeq: pageSeq.get(pageId) ?? 0, rowNo, header, values, status: unit.status });
      }
    }
  }
  return out.sort((a, b) => a.pageSeq - b.pageSeq || a.rowNo - b.rowNo);
}
