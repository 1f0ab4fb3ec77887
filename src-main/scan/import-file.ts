// Decodes the city's volume list into rows of text: XLSX via exceljs, CSV in UTF-8 (with or without BOM) or
// Shift_JIS/CP932 via iconv-lite, detected from the bytes. The row checks themselves are pure (src-shared).
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../src-shared/core/errors';

export type ListEncoding = 'utf-8' | 'cp932' | 'xlsx';

export interface DecodedList {
  encoding: ListEncoding;
  rows: string[][];
}

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** UTF-8 when the bytes are valid UTF-8 (BOM or not), otherwise CP932 — the superset Excel writes as "Shift_JIS". */
export function detectEncoding(bytes: Buffer): 'utf-8' | 'cp932' {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'cp932';
  }
}

export function decodeCsv(bytes: Buffer): DecodedList {
  const encoding = detectEncoding(bytes);
  const text = encoding === 'utf-8' ? bytes.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(bytes, 'cp932');
  try {
    const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true });
    return { encoding, rows };
  } catch {
    throw new AppError('invalid_input', 'scan.import.unreadable');
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return String(value.text);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return '';
  }
  return String(value);
}

export async function decodeXlsx(bytes: Buffer): Promise<DecodedList> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('invalid_input', 'scan.import.unreadable');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('invalid_input', 'scan.import.unreadable');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { encoding: 'xlsx', rows };
}

export async function decodeVolumeList(fileName: string, bytes: Buffer): Promise<DecodedList> {
  if (isZip(bytes)) return decodeXlsx(bytes);
  if (/\.xlsx?$/i.test(fileName)) throw new AppError('invalid_input', 'scan.import.unreadable');
  return decodeCsv(bytes);
}
