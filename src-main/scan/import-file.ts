// Decodes the city's volume list into rows of text: XLSX via exceljs, CSV in UTF-8 (with or without BOM),
// Shift_JIS/CP932 via iconv-lite, or Excel's "Unicode text" (UTF-16 with tabs), detected from the bytes. The row
// checks themselves are pure (src-shared).
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../src-shared/core/errors';

export type ListEncoding = 'utf-8' | 'cp932' | 'utf-16' | 'xlsx';

export interface DecodedList {
  encoding: ListEncoding;
  rows: string[][];
  /** The text reads like bytes decoded with the wrong character set (the only case to suggest checking it). */
  misdecoded: boolean;
  /** XLSX: every visible sheet (a cover or notes sheet often comes first); `rows` is the first one's. */
  sheets?: { name: string; rows: string[][] }[];
}

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * UTF-16 when it starts with its byte-order mark, UTF-8 when the bytes are valid UTF-8 (BOM or not), otherwise
 * CP932 — the superset Excel writes as "Shift_JIS".
 */
export function detectEncoding(bytes: Buffer): 'utf-8' | 'cp932' | 'utf-16' {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf-16';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'cp932';
  }
}

function decodeText(bytes: Buffer, encoding: 'utf-8' | 'cp932' | 'utf-16'): string {
  if (encoding === 'utf-8') return bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (encoding === 'cp932') return iconv.decode(bytes, 'cp932');
  return iconv.decode(bytes, bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').replace(/^\uFEFF/, '');
}

// Kanji that UTF-8 Japanese turns into when read as CP932 (縺 = の/な… lead bytes E3 81/E3 82/E3 83 …).
const UTF8_AS_CP932 = /[縺繧繝譁荳蜷驕遘髢閾]/g;

/**
 * Does the text read like the wrong character set? Replacement or NUL characters, UTF-8 read as CP932 (縺繧繝 …
 * everywhere), or EUC-JP read as CP932 (mostly half-width kana). A list that merely lacks a known header is not.
 */
export function looksMisdecoded(text: string): boolean {
  if (text.includes('\uFFFD') || text.includes('\u0000')) return true;
  let wide = 0;
  for (const ch of text) if (ch.charCodeAt(0) > 0x7f) wide++;
  if (wide < 4) return false;
  const mojibake = text.match(UTF8_AS_CP932)?.length ?? 0;
  const halfKana = text.match(/[\uFF61-\uFF9F]/g)?.length ?? 0;
  return mojibake / wide > 0.15 || halfKana / wide > 0.4;
}

export function decodeCsv(bytes: Buffer): DecodedList {
  const encoding = detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Excel's "Unicode text" and many tab-separated exports: tabs and no commas on the first line.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  try {
    const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, delimiter });
    return { encoding, rows, misdecoded: looksMisdecoded(text.slice(0, 20_000)) };
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
  const visible = workbook.worksheets.filter((ws) => ws.state === 'visible' || ws.state === undefined);
  const sheets = (visible.length > 0 ? visible : workbook.worksheets).map((sheet) => ({ name: sheet.name, rows: sheetRows(sheet) }));
  if (sheets.length === 0) throw new AppError('invalid_input', 'scan.import.unreadable');
  return { encoding: 'xlsx', rows: sheets[0]!.rows, misdecoded: false, sheets };
}

function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

export async function decodeVolumeList(fileName: string, bytes: Buffer): Promise<DecodedList> {
  if (isZip(bytes)) return decodeXlsx(bytes);
  if (/\.xlsx?$/i.test(fileName)) throw new AppError('invalid_input', 'scan.import.unreadable');
  return decodeCsv(bytes);
}
