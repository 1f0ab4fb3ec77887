// Importing the city's volume list: decode, match the columns (synonyms, the client's remembered assignment, the
// leader's assignment for this file), check the rows, and import whole — remembering the leader's assignment for
// the client so the next file from them maps itself.
import { eq } from 'drizzle-orm';
import { actorOf, type HandlerContext } from '../api/context';
import type { FeatureHandlers } from '../api/handlers';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import { columnLetter, headerKey, headerScore, mappingKeyOf, type HeaderMapping } from '../../src-shared/scan/import-headers';
import { checkImportRows } from '../../src-shared/scan/import-rows';
import type { ImportPreview } from '../../src-shared/scan/views';
import { jobs } from '../people/schema';
import type { Store } from '../store/open';
import { decodeVolumeList } from './import-file';
import { scanImportMappings, scanVolumes } from './schema';

interface ImportInput {
  jobId: string;
  fileName: string;
  dataBase64: string;
  mapping?: HeaderMapping;
  headerRow?: number;
}

/** The client's remembered assignment (the newest row when two sites made one offline). */
export function rememberedMapping(store: Store, job: { clientId: string | null; clientName: string }): HeaderMapping {
  const rows = store.db.select().from(scanImportMappings).where(eq(scanImportMappings.clientKey, mappingKeyOf(job))).all();
  rows.sort((a, b) => (a.hlc < b.hlc ? 1 : -1));
  return (rows[0]?.mapping ?? {}) as HeaderMapping;
}

function jobOf(store: Store, jobId: string) {
  const job = store.db.select().from(jobs).where(eq(jobs.id, jobId)).get();
  if (!job) throw new AppError('not_found', 'scan.errors.jobNotFound');
  return job;
}

async function preview(store: Store, input: ImportInput) {
  const job = jobOf(store, input.jobId);
  const decoded = await decodeVolumeList(input.fileName, Buffer.from(input.dataBase64, 'base64'));
  const existing = store.db.select({ no: scanVolumes.volumeNo }).from(scanVolumes).where(eq(scanVolumes.jobId, input.jobId)).all().map((v) => v.no);
  const remembered = rememberedMapping(store, job);
  const mapping: HeaderMapping = { ...remembered, ...(input.mapping ?? {}) };
  // A workbook's list is the sheet that looks most like one (the first on a tie): a cover sheet often comes first.
  const sheets = decoded.sheets ?? [];
  const chosen = sheets.reduce<(typeof sheets)[number] | null>((best, s) => (!best || headerScore(s.rows, mapping) > headerScore(best.rows, mapping) ? s : best), null);
  const rows = chosen?.rows ?? decoded.rows;
  const report = checkImportRows(rows, {
    existingVolumeNos: existing,
    mapping,
    headerRow: input.headerRow === undefined ? undefined : input.headerRow - 1,
  });
  const issues = [...report.issues];
  // Only bytes that read like the wrong character set get the encoding hint; an unknown header gets the mapping step.
  if (decoded.misdecoded) issues.unshift({ line: report.header.headerRow + 1, messageKey: 'scan.import.checkEncoding', params: { encoding: decoded.encoding } });
  const columnAt = new Map(Object.entries(report.columns).map(([col, i]) => [i, col as keyof typeof report.columns]));
  const rememberedKeys = new Set(Object.keys(remembered));
  const view: ImportPreview = {
    encoding: decoded.encoding,
    sheet: sheets.length > 1 ? (chosen?.name ?? null) : null,
    headerRow: report.header.headerRow + 1,
    headers: report.header.headers.map((text, index) => {
      const column = columnAt.get(index) ?? null;
      return { index, letter: columnLetter(index), text, column, source: column ? (report.header.source[column] ?? null) : null };
    }),
    missingColumns: report.missingColumns,
    columns: Object.keys(report.columns) as ImportPreview['columns'],
    extraColumns: report.extraColumns,
    remembered: report.header.headers.some((h) => rememberedKeys.has(headerKey(h))),
    totalRows: report.totalRows,
    goodRows: report.good.length,
    issues,
    sample: report.good.slice(0, 20).map((g) => ({ line: g.line, volumeNo: g.volumeNo, title: g.title, expectedPages: g.expectedPages, format: g.format, extra: g.extra })),
  };
  return { view, report };
}

export const importHandlers: Pick<FeatureHandlers<'scan.'>, 'scan.previewImport' | 'scan.commitImport'> = {
  'scan.previewImport': async (input, { services }) => (await preview(services.store, input)).view,
  'scan.commitImport': async (input, ctx: HandlerContext) => {
    const { view, report } = await preview(ctx.services.store, input);
    const blocked = view.missingColumns.length > 0 || (view.issues.length > 0 && !input.goodOnly) || report.good.length === 0;
    if (blocked) return { ...view, imported: 0 };
    const actor = actorOf(ctx);
    const items = [];
    // The leader's assignment for this file becomes the client's, in the same transaction as the volumes.
    if (input.mapping && Object.keys(input.mapping).length > 0) {
      items.push({ name: 'scan.saveImportMapping', input: { id: newId(), jobId: input.jobId, mapping: input.mapping }, actor });
    }
    for (let i = 0; i < report.good.length; i += 500) {
      const volumes = report.good.slice(i, i + 500).map(({ line: _line, ...v }) => ({ ...v, id: newId() }));
      items.push({ name: 'scan.addVolumes', input: { jobId: input.jobId, volumes }, actor });
    }
    // All chunks in one transaction: a list is imported whole or not at all.
    ctx.services.bus.executeAll(items);
    return { ...view, imported: report.good.length };
  },
};
