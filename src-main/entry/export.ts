// Exports of keyed data that open correctly in Japanese Excel: CSV (UTF-8 with BOM, or CP932 on request with the
// characters it cannot hold listed), XLSX, and JSON for structured-data jobs.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvText } from '../../src-shared/core/csv';
import type { FileOut } from '../../src-shared/entry/contract';
import type { TemplateDef } from '../../src-shared/entry/template';
import type { FinalRecord } from './queries';

export type ExportFormat = 'csv' | 'csv-cp932' | 'xlsx' | 'json';

function table(def: TemplateDef, records: FinalRecord[]): { head: string[]; body: string[][] } {
  const header = def.header.filter((f) => !f.hidden);
  const row = def.row.filter((f) => !f.hidden);
  return {
    head: ['単位', 'ページ', '行', ...header.map((f) => f.label), ...row.map((f) => f.label)],
    body: records.map((r) => [r.unitLabel, String(r.pageSeq), String(r.rowNo), ...header.map((f) => r.header[f.key] ?? ''), ...row.map((f) => r.values[f.key] ?? '')]),
  };
}

/** Characters CP932 has no code for (e.g. 𠮷, ①… are fine, but emoji and some IBM/JIS X 0213 kanji are not). */
export function unencodableInCp932(text: string): string[] {
  const bad = new Set<string>();
  for (const ch of new Set(text)) {
    if (ch === '\r' || ch === '\n') continue;
    if (iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') !== ch) bad.add(ch);
  }
  return [...bad];
}

export async function exportRecords(def: TemplateDef, records: FinalRecord[], format: ExportFormat, baseName: string): Promise<FileOut> {
  if (format === 'json') {
    const data = records.map((r) => ({ unit: r.unitLabel, page: r.pageSeq, row: r.rowNo, ...r.header, ...r.values }));
    return { fileName: `${baseName}.json`, mime: 'application/json', base64: Buffer.from(JSON.stringify(data, null, 2), 'utf8').toString('base64'), unencodable: [] };
  }
  const { head, body } = table(def, records);
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(head).font = { bold: true };
    for (const line of body) ws.addRow(line);
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return {
      fileName: `${baseName}.xlsx`,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
      unencodable: [],
    };
  }
  const text = csvText([head, ...body]);
  if (format === 'csv-cp932') {
    return { fileName: `${baseName}.sjis.csv`, mime: 'text/csv', base64: iconv.encode(text, 'cp932').toString('base64'), unencodable: unencodableInCp932(text) };
  }
  // The BOM is what tells Excel the file is UTF-8.
  return { fileName: `${baseName}.csv`, mime: 'text/csv', base64: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]).toString('base64'), unencodable: [] };
}
