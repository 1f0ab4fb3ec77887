// Timesheet exports that open correctly in Japanese Excel: XLSX, or CSV in UTF-8 with a BOM (default) or CP932.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { ExportFile } from '../../src-shared/attendance/contract';
import { csvText } from '../../src-shared/core/csv';
import { formatMinutes } from '../../src-shared/core/time';
import { createTranslator } from '../../src-shared/i18n/translate';
import type { Names } from './names';
import type { MonthSheet } from './timesheet';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function detailTable(sheet: MonthSheet, names: Names): { header: string[]; rows: (string | number)[][] } {
  const t = createTranslator('ja').t;
  const header = ['code', 'name', 'date', 'site', 'jobCode', 'jobName', 'step', 'minutes', 'hours'].map((k) => t(`attendance.export.${k}`));
  const rows = sheet.details.map((d) => {
    const minutes = Math.round(d.workMs / 60000);
    return [d.code, d.displayName, d.date, names.site(d.siteId) ?? t('attendance.home'), names.job(d.jobId)?.code ?? '', names.job(d.jobId)?.name ?? t('attendance.noJob'), d.stepKey ?? '', minutes, formatMinutes(minutes)];
  });
  return { header, rows };
}

/** Characters that CP932 cannot hold; iconv-lite would silently write '?' for them. */
export function unencodableInCp932(text: string): string[] {
  const bad = new Set<string>();
  for (const ch of new Set(Array.from(text))) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') !== ch) bad.add(ch);
  }
  return [...bad];
}

export function timesheetCsv(sheet: MonthSheet, names: Names, encoding: 'utf8bom' | 'cp932'): ExportFile {
  const { header, rows } = detailTable(sheet, names);
  const text = csvText([header, ...rows]);
  const bytes = encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
  return {
    filename: `timesheet-${sheet.view.month}${encoding === 'cp932' ? '-sjis' : ''}.csv`,
    mime: `text/csv; charset=${encoding === 'cp932' ? 'shift_jis' : 'utf-8'}`,
    base64: bytes.toString('base64'),
    unencodable: encoding === 'cp932' ? unencodableInCp932(text) : [],
  };
}

export async function timesheetXlsx(sheet: MonthSheet, names: Names): Promise<ExportFile> {
  const t = createTranslator('ja').t;
  const book = new ExcelJS.Workbook();
  book.creator = 'Tomoni';
  const summary = book.addWorksheet(t('attendance.export.summarySheet'));
  const jobs = sheet.view.jobs;
  summary.addRow([
    t('attendance.export.code'),
    t('attendance.export.name'),
    t('attendance.export.status'),
    t('attendance.export.days'),
    t('attendance.export.totalMinutes'),
    t('attendance.export.hours'),
    ...jobs.map((j) => `${j.code} ${j.name}`),
  ]);
  for (const w of sheet.view.workers) {
    summary.addRow([w.code, w.displayName, t(`attendance.status.${w.status}`), w.daysWorked, w.workMinutes, formatMinutes(w.workMinutes), ...jobs.map((j) => w.byJob[j.id] ?? 0)]);
  }
  summary.getRow(1).font = { bold: true };
  summary.views = [{ state: 'frozen', ySplit: 1 }];
  const detail = book.addWorksheet(t('attendance.export.detailSheet'));
  const { header, rows } = detailTable(sheet, names);
  detail.addRow(header);
  detail.getRow(1).font = { bold: true };
  detail.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) detail.addRow(row);
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  return {
    filename: `timesheet-${sheet.view.month}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: buffer.toString('base64'),
    unencodable: [],
  };
}
