// The scan job's volume list as a file an office opens: XLSX (typed, printed A4 landscape, 和暦 in the title for a
// municipality), CSV in UTF-8 with a BOM, or CP932 — which returns no file while it would lose characters, until
// the person has seen them and chosen to accept the loss. The columns read back through the list importer.
import { asc, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import { formatDate, formatWareki, jstDate } from '../../src-shared/core/time';
import type { VolumeExport } from '../../src-shared/scan/contract';
import { stepLabel } from '../../src-shared/i18n/step-label';
import { createTranslator } from '../../src-shared/i18n/translate';
import { jobs } from '../people/schema';
import type { Store } from '../store/open';
import { csvBytes, unencodableInCp932 } from '../export/office-csv';
import { jobForMunicipality } from '../export/client-kind';
import { csvText } from '../../src-shared/core/csv';
import { addTableSheet, officeWorkbook, XLSX_MIME, xlsxBytes, type CellInput, type SheetColumn } from '../export/office-xlsx';
import { scanVolumeStates, scanVolumes } from './schema';

export interface ExportInput {
  jobId: string;
  format: 'xlsx' | 'csv' | 'csv-cp932';
  acceptLoss: boolean;
}

function volumeTable(store: Store, jobId: string) {
  const t = createTranslator('ja').t;
  const rows = store.db
    .select({ v: scanVolumes, s: scanVolumeStates })
    .from(scanVolumes)
    .leftJoin(scanVolumeStates, eq(scanVolumeStates.id, scanVolumes.id))
    .where(eq(scanVolumes.jobId, jobId))
    .orderBy(asc(scanVolumes.volumeNo))
    .all();
  // The city's own extra columns (備考 …) come back in the order they were first met.
  const extras: string[] = [];
  for (const { v } of rows) for (const k of Object.keys(v.extra ?? {})) if (!extras.includes(k)) extras.push(k);
  const columns: SheetColumn[] = [
    { header: '冊番号', kind: 'text' },
    { header: '簿冊名', kind: 'text' },
    { header: '棚番号', kind: 'text' },
    { header: '予定頁数', kind: 'integer' },
    { header: '判型', kind: 'text' },
    { header: '取扱制限', kind: 'text' },
    { header: '年代', kind: 'text' },
    ...extras.map((header): SheetColumn => ({ header, kind: 'text' })),
    { header: '工程', kind: 'text' },
    { header: 'スキャン済み頁数', kind: 'integer' },
  ];
  const body: CellInput[][] = rows.map(({ v, s }) => [
    v.volumeNo,
    v.title,
    v.shelfNo,
    v.expectedPages,
    t(`scan.formats.${v.format}`),
    t(`scan.restrictions.${v.restriction}`),
    v.dcDate,
    ...extras.map((k) => v.extra?.[k] ?? ''),
    s ? stepLabel(t, s.stepKey) : '',
    s?.pageCount ?? 0,
  ]);
  return { columns, body };
}

export async function exportVolumes(store: Store, input: ExportInput, now: number): Promise<VolumeExport> {
  const job = store.db.select().from(jobs).where(eq(jobs.id, input.jobId)).get();
  if (!job) throw new AppError('not_found', 'scan.errors.jobNotFound');
  const { columns, body } = volumeTable(store, input.jobId);
  const base = `${job.code}_volumes`;
  if (input.format === 'xlsx') {
    const municipality = jobForMunicipality(store, job);
    const today = jstDate(now);
    const book = officeWorkbook();
    addTableSheet(book, {
      name: '簿冊一覧',
      title: `${job.clientName} ${job.name} 簿冊一覧（${municipality ? formatWareki(today) : formatDate(today)} 現在）`,
      columns,
      rows: body,
      wareki: municipality,
    });
    return { file: { fileName: `${base}.xlsx`, mime: XLSX_MIME, base64: (await xlsxBytes(book)).toString('base64'), unencodable: [] }, unencodable: [] };
  }
  const rows = [columns.map((c) => c.header), ...body.map((r) => r.map((v) => v ?? ''))];
  if (input.format === 'csv-cp932') {
    // Checked before any file is made: the person sees what would become '?' and chooses.
    const unencodable = unencodableInCp932(csvText(rows));
    if (unencodable.length > 0 && !input.acceptLoss) return { file: null, unencodable };
    const { bytes } = csvBytes(rows, 'cp932');
    return { file: { fileName: `${base}.sjis.csv`, mime: 'text/csv; charset=shift_jis', base64: bytes.toString('base64'), unencodable }, unencodable };
  }
  const { bytes } = csvBytes(rows, 'utf8bom');
  return { file: { fileName: `${base}.csv`, mime: 'text/csv; charset=utf-8', base64: bytes.toString('base64'), unencodable: [] }, unencodable: [] };
}
