// The client's insight from keyed vehicle logbooks: trips from final records → utilization report → XLSX.
import type { FileOut, ReportView } from '../../src-shared/entry/contract';
import { coveredMonth } from '../../src-shared/entry/holidays';
import { utilizationReport, type Trip } from '../../src-shared/entry/utilization';
import { validateField } from '../../src-shared/entry/validate';
import { vehicleLogTemplate } from '../../src-shared/entry/builtin';
import type { FinalRecord } from './queries';
import { fiscalYear, formatFiscalYearWareki } from '../../src-shared/core/time';
import { addTableSheet, officeWorkbook, XLSX_MIME, xlsxBytes } from '../export/office-xlsx';

const rowField = new Map(vehicleLogTemplate.def.row.map((f) => [f.key, f]));

/** Records whose date, times or odometer do not parse are counted as skipped, never guessed. */
export function tripsFrom(records: FinalRecord[]): { trips: Trip[]; skipped: number } {
  const trips: Trip[] = [];
  let skipped = 0;
  for (const r of records) {
    const v = r.values;
    const ok = ['date', 'timeOut', 'timeIn', 'odoOut', 'odoIn'].every((k) => !validateField({ ...rowField.get(k)!, required: true }, v[k]));
    const vehicle = r.header.vehicle ?? '';
    if (!ok || !vehicle) {
      skipped++;
      continue;
    }
    trips.push({
      vehicle,
      department: v.department || r.header.ownerDepartment || '（不明）',
      date: v.date,
      timeOut: v.timeOut,
      timeIn: v.timeIn,
      odoOut: Number(v.odoOut),
      odoIn: Number(v.odoIn),
    });
  }
  return { trips, skipped };
}

export function buildReport(records: FinalRecord[]): ReportView {
  const { trips, skipped } = tripsFrom(records);
  const report = utilizationReport(trips);
  return { report, records: trips.length, skipped, uncoveredMonths: report.byMonth.filter((m) => !coveredMonth(m.month)).map((m) => m.month) };
}

export interface ReportDocument {
  /** The batch's name, printed in the title. */
  title: string;
  /** For a municipality: months and 年度 in 和暦, as its officials file them. */
  municipality: boolean;
}

function fiscalYearLabel(fy: number, municipality: boolean): string {
  return municipality ? formatFiscalYearWareki(fy) : `${fy}年度`;
}

export async function reportXlsx(view: ReportView, baseName: string, doc: ReportDocument = { title: baseName, municipality: false }): Promise<FileOut> {
  const book = officeWorkbook();
  const wareki = doc.municipality;
  const years = [...new Set(view.report.byMonth.map((m) => fiscalYear(`${m.month}-01`)))].sort();
  const title = `${doc.title} 公用車利用状況${years.length ? ` ${years.map((y) => fiscalYearLabel(y, wareki)).join('・')}` : ''}`;
  const usage = (name: string, keyLabel: string, lines: ReportView['report']['byVehicle']) =>
    addTableSheet(book, {
      name,
      title,
      wareki,
      columns: [
        { header: keyLabel, kind: 'text' },
        { header: '月', kind: 'month' },
        { header: '利用回数', kind: 'integer' },
        { header: '利用日数', kind: 'integer' },
        { header: '開庁日数', kind: 'integer' },
        { header: '稼働率', kind: 'percent' },
        { header: '利用時間(h)', kind: 'decimal' },
        { header: '走行距離(km)', kind: 'integer' },
      ],
      rows: lines.map((l) => [l.key, l.month, l.trips, l.daysUsed, l.officeDays, l.utilization, l.hoursOut, l.km]),
    });
  usage('車両別', '車両', view.report.byVehicle);
  usage('所属別', '所属', view.report.byDepartment);
  addTableSheet(book, {
    name: '月別',
    title,
    wareki,
    columns: [
      { header: '年度', kind: 'text' },
      { header: '月', kind: 'month' },
      { header: '開庁日数', kind: 'integer' },
      { header: '利用車両数', kind: 'integer' },
      { header: '利用回数', kind: 'integer' },
      { header: '利用時間(h)', kind: 'decimal' },
      { header: '走行距離(km)', kind: 'integer' },
      { header: '同時利用の最大台数', kind: 'integer' },
    ],
    rows: view.report.byMonth.map((m) => [fiscalYearLabel(fiscalYear(`${m.month}-01`), wareki), m.month, m.officeDays, m.vehiclesUsed, m.trips, m.hoursOut, m.km, m.peakInUse]),
  });
  return { fileName: `${baseName}-report.xlsx`, mime: XLSX_MIME, base64: (await xlsxBytes(book)).toString('base64'), unencodable: [] };
}
