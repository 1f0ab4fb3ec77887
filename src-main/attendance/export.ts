// Timesheet exports that open correctly in Japanese Excel: XLSX with typed cells (dates, minutes, h:mm that SUM
// adds), or CSV in UTF-8 with a BOM (default) or CP932. Step keys are written as people read them (スキャン, not scan).
import type { ExportFile } from '../../src-shared/attendance/contract';
import { formatDate, formatMinutes } from '../../src-shared/core/time';
import { stepLabel } from '../../src-shared/i18n/step-label';
import { createTranslator } from '../../src-shared/i18n/translate';
import { csvBytes } from '../export/office-csv';
import { addTableSheet, officeWorkbook, XLSX_MIME, xlsxBytes, type SheetColumn } from '../export/office-xlsx';
import type { Names } from './names';
import type { MonthSheet } from './timesheet';

export { unencodableInCp932 } from '../export/office-csv';

function detailTable(sheet: MonthSheet, names: Names) {
  const t = createTranslator('ja').t;
  const columns: SheetColumn[] = [
    { header: t('attendance.export.code'), kind: 'text' },
    { header: t('attendance.export.name'), kind: 'text' },
    { header: t('attendance.export.date'), kind: 'date' },
    { header: t('attendance.export.site'), kind: 'text' },
    { header: t('attendance.export.jobCode'), kind: 'text' },
    { header: t('attendance.export.jobName'), kind: 'text' },
    { header: t('attendance.export.step'), kind: 'text' },
    { header: t('attendance.export.minutes'), kind: 'integer' },
    { header: t('attendance.export.hours'), kind: 'duration' },
  ];
  const rows = sheet.details.map((d) => {
    const minutes = Math.round(d.workMs / 60000);
    return [d.code, d.displayName, d.date, names.site(d.siteId) ?? t('attendance.home'), names.job(d.jobId)?.code ?? '', names.job(d.jobId)?.name ?? t('attendance.noJob'), stepLabel(t, d.stepKey), minutes, minutes];
  });
  return { columns, rows };
}

export function timesheetCsv(sheet: MonthSheet, names: Names, encoding: 'utf8bom' | 'cp932', acceptLoss = true): ExportFile {
  const { columns, rows } = detailTable(sheet, names);
  // The same columns as the XLSX, written as text the way the sheet shows them.
  const text = rows.map((r) => [r[0], r[1], formatDate(String(r[2])), r[3], r[4], r[5], r[6], r[7], formatMinutes(Number(r[8]))]);
  const { bytes, unencodable } = csvBytes([columns.map((c) => c.header), ...text], encoding);
  const withheld = unencodable.length > 0 && !acceptLoss;
  return {
    ...(withheld ? { withheld } : {}),
    filename: `timesheet-${sheet.view.month}${encoding === 'cp932' ? '-sjis' : ''}.csv`,
    mime: `text/csv; charset=${encoding === 'cp932' ? 'shift_jis' : 'utf-8'}`,
    base64: withheld ? '' : bytes.toString('base64'),
    unencodable,
  };
}

export async function timesheetXlsx(sheet: MonthSheet, names: Names): Promise<ExportFile> {
  const t = createTranslator('ja').t;
  const book = officeWorkbook();
  const jobs = sheet.view.jobs;
  addTableSheet(book, {
    name: t('attendance.export.summarySheet'),
    columns: [
      { header: t('attendance.export.code'), kind: 'text' },
      { header: t('attendance.export.name'), kind: 'text' },
      { header: t('attendance.export.status'), kind: 'text' },
      { header: t('attendance.export.days'), kind: 'integer' },
      { header: t('attendance.export.totalMinutes'), kind: 'integer' },
      { header: t('attendance.export.hours'), kind: 'duration' },
      ...jobs.map((j): SheetColumn => ({ header: `${j.code} ${j.name}`, kind: 'integer' })),
    ],
    rows: sheet.view.workers.map((w) => [w.code, w.displayName, t(`attendance.status.${w.status}`), w.daysWorked, w.workMinutes, w.workMinutes, ...jobs.map((j) => w.byJob[j.id] ?? 0)]),
  });
  const detail = detailTable(sheet, names);
  addTableSheet(book, { name: t('attendance.export.detailSheet'), ...detail });
  return { filename: `timesheet-${sheet.view.month}.xlsx`, mime: XLSX_MIME, base64: (await xlsxBytes(book)).toString('base64'), unencodable: [] };
}
