// Checks the city's volume list once it is decoded into rows of text: which columns are which (import-headers.ts),
// and which rows are wrong and why. Pure; decoding XLSX/CSV and guessing the encoding happen in src-main.
import type { VolumeDraft } from './schemas';
import { columnLetter, extraName, matchHeader, requiredColumns, type HeaderMapping, type HeaderMatch, type ImportColumn } from './import-headers';

export { columnAliases, requiredColumns, type ImportColumn } from './import-headers';

export const volumeFormats = ['A0', 'A1', 'A2', 'A3', 'A4', 'B4', 'irregular'] as const;
export type VolumeFormat = (typeof volumeFormats)[number];

const formatAliases: Record<string, VolumeFormat> = { 不定形: 'irregular', 変形: 'irregular', その他: 'irregular' };

export interface RowIssue {
  /** 1-based line number in the file as the leader sees it in Excel. */
  line: number;
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface ImportReport {
  header: HeaderMatch;
  columns: Partial<Record<ImportColumn, number>>;
  missingColumns: ImportColumn[];
  /** Names of the columns that are none of ours, kept verbatim on each volume. */
  extraColumns: string[];
  good: (VolumeDraft & { line: number })[];
  issues: RowIssue[];
  totalRows: number;
}

/** `44`, `４４`, `1,200`, `44頁`, `44 枚`, `44p`: the number of pages, or the text as found when it is not one. */
function pagesText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[,\s]/g, '')
    .replace(/(頁|枚|ページ|p|P|pages?)$/, '');
}

function parseFormat(raw: string): VolumeFormat | null {
  const n = raw.normalize('NFKC').trim().toUpperCase();
  if (!n) return 'irregular';
  if ((volumeFormats as readonly string[]).includes(n)) return n as VolumeFormat;
  if (n === 'IRREGULAR') return 'irregular';
  return formatAliases[raw.trim()] ?? null;
}

function parseRestriction(raw: string): 'center_only' | 'none' {
  const n = raw.normalize('NFKC').trim();
  return /センター|室内|center|持出禁止|持ち出し禁止/i.test(n) ? 'center_only' : 'none';
}

export interface ImportOptions {
  /** The job's volumes already registered; a duplicate of one of them is an error too. */
  existingVolumeNos?: Iterable<string>;
  /** The leader's column assignment (this file, or remembered for the client). */
  mapping?: HeaderMapping;
  /** 0-based header row when the leader chose it. */
  headerRow?: number;
}

export function checkImportRows(rows: string[][], options: ImportOptions | readonly string[] = {}): ImportReport {
  const opts: ImportOptions = Array.isArray(options) ? { existingVolumeNos: options } : (options as ImportOptions);
  const header = matchHeader(rows, opts.mapping ?? {}, opts.headerRow);
  const { columns } = header;
  const data = rows.slice(header.headerRow + 1);
  const missingColumns = requiredColumns.filter((c) => columns[c] === undefined);
  // Unknown columns are kept even when their header cell is empty, as long as some row has a value there.
  const width = data.reduce((w, r) => Math.max(w, r.length), header.headers.length);
  const used = new Set(Object.values(columns));
  const extraIndexes: number[] = [];
  for (let i = 0; i < width; i++) {
    if (used.has(i)) continue;
    if (String(header.headers[i] ?? '').trim() || data.some((r) => String(r[i] ?? '').trim())) extraIndexes.push(i);
  }
  const extraColumns: string[] = [];
  for (const i of extraIndexes) {
    const name = extraName(header.headers, i);
    extraColumns.push(extraColumns.includes(name) ? `${name}（${columnLetter(i)}列）` : name);
  }
  const report: ImportReport = { header, columns, missingColumns, extraColumns, good: [], issues: [], totalRows: 0 };
  if (missingColumns.length > 0) return report;
  const existing = new Set(opts.existingVolumeNos ?? []);
  const seen = new Map<string, number>();
  data.forEach((row, i) => {
    const line = header.headerRow + i + 2;
    const cell = (c: ImportColumn) => {
      const idx = columns[c];
      return idx === undefined ? '' : String(row[idx] ?? '').trim();
    };
    if (row.every((c) => !String(c ?? '').trim())) return; // blank lines at the end of a sheet are not rows
    report.totalRows++;
    const before = report.issues.length;
    const volumeNo = cell('volumeNo').normalize('NFKC');
    const title = cell('title');
    const pagesRaw = pagesText(cell('expectedPages'));
    if (!volumeNo) report.issues.push({ line, messageKey: 'scan.import.rowMissing', params: { column: 'volumeNo' } });
    else if (!/^[A-Za-z0-9-]{1,20}$/.test(volumeNo)) report.issues.push({ line, messageKey: 'scan.import.badVolumeNo', params: { value: volumeNo } });
    else if (seen.has(volumeNo)) report.issues.push({ line, messageKey: 'scan.import.duplicate', params: { value: volumeNo, other: seen.get(volumeNo)! } });
    else if (existing.has(volumeNo)) report.issues.push({ line, messageKey: 'scan.import.alreadyRegistered', params: { value: volumeNo } });
    if (volumeNo && !seen.has(volumeNo)) seen.set(volumeNo, line);
    if (!title) report.issues.push({ line, messageKey: 'scan.import.rowMissing', params: { column: 'title' } });
    else if (title.includes('\uFFFD')) report.issues.push({ line, messageKey: 'scan.import.garbled' });
    else if (title.length > 200) report.issues.push({ line, messageKey: 'scan.import.tooLong', params: { column: 'title' } });
    const pages = Number(pagesRaw);
    if (!pagesRaw) report.issues.push({ line, messageKey: 'scan.import.rowMissing', params: { column: 'expectedPages' } });
    else if (!Number.isInteger(pages) || pages < 1 || pages > 5000) report.issues.push({ line, messageKey: 'scan.import.badPages', params: { value: pagesRaw } });
    const format = parseFormat(cell('format'));
    if (format === null) report.issues.push({ line, messageKey: 'scan.import.badFormat', params: { value: cell('format') } });
    if (report.issues.length > before) return;
    const extra: Record<string, string> = {};
    extraIndexes.forEach((idx, n) => {
      const value = String(row[idx] ?? '').normalize('NFC').trim();
      if (value) extra[extraColumns[n]!] = value.slice(0, 1000);
    });
    report.good.push({
      line,
      volumeNo,
      title,
      shelfNo: cell('shelfNo').slice(0, 40),
      expectedPages: pages,
      format: format!,
      restriction: parseRestriction(cell('restriction')),
      dcDate: cell('dcDate').slice(0, 40),
      extra,
    });
  });
  return report;
}
