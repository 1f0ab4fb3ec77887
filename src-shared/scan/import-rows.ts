// Checks the city's volume list once it is decoded into rows of text: which columns are which, and which rows
// are wrong and why. Pure; decoding XLSX/CSV and guessing the encoding happen in src-main.
import type { VolumeDraft } from './schemas';

export type ImportColumn = 'volumeNo' | 'title' | 'shelfNo' | 'expectedPages' | 'format' | 'restriction' | 'dcDate';

/** Header names accepted for each column (as the cities write them, then English). */
export const columnAliases: Record<ImportColumn, string[]> = {
  volumeNo: ['冊番号', '簿冊番号', '番号', 'No', 'No.', 'volume', 'volumeno'],
  title: ['簿冊名', '資料名', '件名', '表題', 'タイトル', 'title'],
  shelfNo: ['棚番号', '台帳番号', '書架番号', 'shelf', 'shelfno'],
  expectedPages: ['頁数', 'ページ数', '枚数', 'pages', 'expectedpages'],
  format: ['判型', '形態', 'サイズ', 'format'],
  restriction: ['取扱制限', '制限', 'restriction'],
  dcDate: ['年代', '作成年', '年度', 'date'],
};

export const requiredColumns: ImportColumn[] = ['volumeNo', 'title', 'expectedPages'];

export const volumeFormats = ['A0', 'A1', 'A2', 'A3', 'A4', 'B4', 'irregular'] as const;
export type VolumeFormat = (typeof volumeFormats)[number];

const formatAliases: Record<string, VolumeFormat> = { 不定形: 'irregular', 変形: 'irregular', その他: 'irregular' };

export interface RowIssue {
  /** 1-based line number in the file as the leader sees it in Excel (header = 1). */
  line: number;
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface ImportReport {
  columns: Partial<Record<ImportColumn, number>>;
  missingColumns: ImportColumn[];
  good: (VolumeDraft & { line: number })[];
  issues: RowIssue[];
  totalRows: number;
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function mapHeader(header: string[]): Partial<Record<ImportColumn, number>> {
  const columns: Partial<Record<ImportColumn, number>> = {};
  header.forEach((cell, i) => {
    const n = norm(cell ?? '');
    for (const [col, aliases] of Object.entries(columnAliases) as [ImportColumn, string[]][]) {
      if (columns[col] === undefined && aliases.some((a) => norm(a) === n)) columns[col] = i;
    }
  });
  return columns;
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

/**
 * `existingVolumeNos` are the job's volumes already registered; a duplicate of one of them is an error too.
 */
export function checkImportRows(rows: string[][], existingVolumeNos: Iterable<string> = []): ImportReport {
  const [header = [], ...data] = rows;
  const columns = mapHeader(header);
  const missingColumns = requiredColumns.filter((c) => columns[c] === undefined);
  const report: ImportReport = { columns, missingColumns, good: [], issues: [], totalRows: 0 };
  if (missingColumns.length > 0) return report;
  const seen = new Map<string, number>();
  const existing = new Set(existingVolumeNos);
  data.forEach((row, i) => {
    const line = i + 2;
    const cell = (c: ImportColumn) => {
      const idx = columns[c];
      return idx === undefined ? '' : String(row[idx] ?? '').trim();
    };
    if (row.every((c) => !String(c ?? '').trim())) return; // blank lines at the end of a sheet are not rows
    report.totalRows++;
    const before = report.issues.length;
    const volumeNo = cell('volumeNo').normalize('NFKC');
    const title = cell('title');
    const pagesRaw = cell('expectedPages').normalize('NFKC').replace(/,/g, '');
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
    report.good.push({
      line,
      volumeNo,
      title,
      shelfNo: cell('shelfNo').slice(0, 40),
      expectedPages: pages,
      format: format!,
      restriction: parseRestriction(cell('restriction')),
      dcDate: cell('dcDate').slice(0, 40),
    });
  });
  return report;
}
