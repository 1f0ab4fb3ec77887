// Exports of keyed data that open correctly in Japanese Excel: CSV (UTF-8 with BOM, or CP932 on request with the
// characters it cannot hold listed), XLSX with typed cells (numbers, dates, times as the template declares them),
// and JSON for structured-data jobs.
import type { FileOut } from '../../src-shared/entry/contract';
import type { FieldDef, TemplateDef } from '../../src-shared/entry/template';
import { formatDate } from '../../src-shared/core/time';
import { csvBytes } from '../export/office-csv';
import { addTableSheet, officeWorkbook, XLSX_MIME, xlsxBytes, type CellKind } from '../export/office-xlsx';
import type { FinalRecord } from './queries';

export { unencodableInCp932 } from '../export/office-csv';

export type ExportFormat = 'csv' | 'csv-cp932' | 'xlsx' | 'json';

function kindOf(f: FieldDef): CellKind {
  if (f.type === 'number') return f.integer ? 'integer' : 'number';
  if (f.type === 'date' || f.type === 'time') return f.type;
  return 'text';
}

function table(def: TemplateDef, records: FinalRecord[]) {
  const header = def.header.filter((f) => !f.hidden);
  const row = def.row.filter((f) => !f.hidden);
  const fields = [...header, ...row];
  return {
    fields,
    head: ['単位', 'ページ', '行', ...fields.map((f) => f.label)],
    body: records.map((r) => [r.unitLabel, r.pageSeq, r.rowNo, ...header.map((f) => r.header[f.key] ?? ''), ...row.map((f) => r.values[f.key] ?? '')]),
  };
}

export async function exportRecords(def: TemplateDef, records: FinalRecord[], format: ExportFormat, baseName: string, acceptLoss = true): Promise<FileOut> {
  if (format === 'json') {
    const data = records.map((r) => ({ unit: r.unitLabel, page: r.pageSeq, row: r.rowNo, ...r.header, ...r.values }));
    return { fileName: `${baseName}.json`, mime: 'application/json', base64: Buffer.from(JSON.stringify(data, null, 2), 'utf8').toString('base64'), unencodable: [] };
  }
  const { fields, head, body } = table(def, records);
  if (format === 'xlsx') {
    const book = officeWorkbook();
    addTableSheet(book, {
      name: 'data',
      columns: [
        { header: head[0]!, kind: 'text' },
        { header: head[1]!, kind: 'integer' },
        { header: head[2]!, kind: 'integer' },
        ...fields.map((f) => ({ header: f.label, kind: kindOf(f) })),
      ],
      rows: body,
    });
    return { fileName: `${baseName}.xlsx`, mime: XLSX_MIME, base64: (await xlsxBytes(book)).toString('base64'), unencodable: [] };
  }
  // Dates in the one format people see everywhere (2024/04/01); everything else as kept.
  const text = body.map((line) => line.map((v, i) => (i >= 3 && fields[i - 3]!.type === 'date' ? formatDate(String(v)) : v)));
  const { bytes, unencodable } = csvBytes([head, ...text], format === 'csv-cp932' ? 'cp932' : 'utf8bom');
  if (unencodable.length > 0 && !acceptLoss) return { fileName: `${baseName}.sjis.csv`, mime: 'text/csv; charset=shift_jis', base64: '', unencodable, withheld: true };
  return format === 'csv-cp932'
    ? { fileName: `${baseName}.sjis.csv`, mime: 'text/csv; charset=shift_jis', base64: bytes.toString('base64'), unencodable }
    : { fileName: `${baseName}.csv`, mime: 'text/csv; charset=utf-8', base64: bytes.toString('base64'), unencodable };
}
