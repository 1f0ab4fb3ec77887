// Sheets an office opens happily (issue 12): typed cells (numbers, dates, durations) so SUM and filters work, column
// widths that fit the text, a Japanese font, A4 landscape with the header row repeated on every printed page, a
// frozen header with filters, and one date format — 2024/04/01, or 和暦 for documents a municipality reads.
import ExcelJS from 'exceljs';
import { DATE_FORMAT_XLSX } from '../../src-shared/core/time';
import { parseNumber } from '../../src-shared/core/japanese-input';

/** Installed with Windows since Vista and with Office for Mac; reads well at 10 pt on screen and paper. */
export const OFFICE_FONT = 'Meiryo UI';
const FONT_SIZE = 10;
/** SHIFTJIS_CHARSET: tells Excel the font is a Japanese one when it has to substitute it. */
const JAPANESE_CHARSET = 128;

/** integer: #,##0 · number: as entered (General) · decimal: one decimal place · duration: minutes shown as h:mm. */
export type CellKind = 'text' | 'integer' | 'number' | 'decimal' | 'percent' | 'date' | 'month' | 'time' | 'duration';
export type CellInput = string | number | null | undefined;

export interface SheetColumn {
  header: string;
  kind: CellKind;
  /** Width in characters; fitted to the header and the values otherwise. */
  width?: number;
}

export interface SheetSpec {
  name: string;
  /** A title printed above the table (e.g. 公用車利用状況 令和4年度); the header row follows it. */
  title?: string;
  columns: SheetColumn[];
  rows: CellInput[][];
  /** Dates as 和暦 (令和6年4月1日): the document is for a municipality. */
  wareki?: boolean;
}

const WAREKI_DATE = '[$-411]ggge"年"m"月"d"日"';
const WAREKI_MONTH = '[$-411]ggge"年"m"月"';

function numFmtOf(kind: CellKind, wareki: boolean): string | undefined {
  switch (kind) {
    case 'integer':
      return '#,##0';
    case 'decimal':
      return '#,##0.0';
    case 'percent':
      return '0.0%';
    case 'date':
      return wareki ? WAREKI_DATE : DATE_FORMAT_XLSX;
    case 'month':
      return wareki ? WAREKI_MONTH : 'yyyy/mm';
    case 'time':
      return 'hh:mm';
    case 'duration':
      return '[h]:mm';
    default:
      return undefined;
  }
}

/**
 * The typed value of a cell, or the text as it was when it is not what the column expects (a keyed `１２a` stays
 * visible as text rather than becoming a wrong number or vanishing).
 */
export function typedValue(kind: CellKind, value: CellInput): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (kind === 'text') return String(value);
  if (kind === 'integer' || kind === 'number' || kind === 'decimal' || kind === 'percent') {
    if (typeof value === 'number') return value;
    const n = parseNumber(value);
    return n === null ? value : Number(n);
  }
  if (kind === 'duration') {
    // Minutes in, a fraction of a day out: Excel's [h]:mm then shows 7:30 and SUM adds hours past 24.
    const minutes = typeof value === 'number' ? value : Number(parseNumber(value) ?? NaN);
    return Number.isFinite(minutes) ? minutes / 1440 : String(value);
  }
  const text = String(value);
  if (kind === 'time') {
    const m = /^(\d{1,2}):(\d{2})$/.exec(text);
    return m ? (Number(m[1]) * 60 + Number(m[2])) / 1440 : text;
  }
  const m = kind === 'month' ? /^(\d{4})-(\d{2})$/.exec(text) : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  // UTC midnight: exceljs turns it into a whole serial day number, the same day in every time zone.
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? '1'))) : text;
}

/** A width in characters from the widest text; never exactly 9, which exceljs takes for "default" and drops. */
function fitted(widest: number): number {
  const w = Math.min(60, Math.max(6, Math.ceil(widest * 1.1) + 2));
  return w === 9 ? 9.5 : w;
}

/** Columns as wide as Japanese text needs: full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c < 0x1100 || (c >= 0xff61 && c <= 0xff9f) ? 1 : 2;
  }
  return w;
}

function shownWidth(kind: CellKind, value: CellInput, wareki: boolean): number {
  if (value === null || value === undefined) return 0;
  if (kind === 'date') return wareki ? 18 : 10;
  if (kind === 'month') return wareki ? 14 : 7;
  if (kind === 'integer' && typeof value === 'number') return value.toLocaleString('en').length;
  return displayWidth(String(value));
}

const font = (bold = false): Partial<ExcelJS.Font> => ({ name: OFFICE_FONT, size: FONT_SIZE, bold, charset: JAPANESE_CHARSET });

/** Writes one table sheet: title, header, typed rows, widths, font, print setup. */
export function addTableSheet(book: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet {
  const wareki = spec.wareki ?? false;
  // Sheet names: at most 31 characters and none of : \ / ? * [ ].
  const ws = book.addWorksheet(spec.name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31));
  let headerRow = 1;
  if (spec.title) {
    const title = ws.addRow([spec.title]);
    title.font = { ...font(true), size: 14 };
    ws.addRow([]);
    headerRow = 3;
  }
  const header = ws.addRow(spec.columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = font(true);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.border = { bottom: { style: 'thin' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  for (const values of spec.rows) {
    const row = ws.addRow(spec.columns.map((c, i) => typedValue(c.kind, values[i])));
    spec.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.font = font();
      const fmt = numFmtOf(c.kind, wareki);
      if (fmt && typeof cell.value !== 'string') cell.numFmt = fmt;
    });
  }
  spec.columns.forEach((c, i) => {
    const widest = spec.rows.reduce((w, r) => Math.max(w, shownWidth(c.kind, r[i], wareki)), displayWidth(c.header));
    ws.getColumn(i + 1).width = c.width ?? fitted(widest);
  });
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
  if (spec.columns.length > 0) ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: spec.columns.length } };
  setupPrint(ws, headerRow);
  return ws;
}

/** A4 landscape, one page wide, the header row repeated on every page (0: none), page numbers in the footer. */
export function setupPrint(ws: ExcelJS.Worksheet, headerRow: number): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(headerRow > 0 ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
  };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: '&P / &N' };
}

/**
 * Font, widths and print setup for a sheet written cell by cell (a template definition that is read back as it
 * is). `headerRow` 0: the sheet has no header row.
 */
export function styleSheet(ws: ExcelJS.Worksheet, headerRow = 1): void {
  const widths: number[] = [];
  ws.eachRow((row, n) => {
    row.eachCell((cell, c) => {
      cell.font = font(n === headerRow);
      widths[c] = Math.max(widths[c] ?? 0, displayWidth(cell.text ?? ''));
    });
  });
  widths.forEach((w, c) => {
    if (w !== undefined) ws.getColumn(c).width = fitted(w);
  });
  if (headerRow > 0) ws.views = [{ state: 'frozen', ySplit: headerRow }];
  setupPrint(ws, headerRow);
}

export function officeWorkbook(): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Tomoni';
  return book;
}

export async function xlsxBytes(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
