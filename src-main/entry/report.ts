// The client's insight from keyed vehicle logbooks: trips from final records → utilization report → XLSX.
import ExcelJS from 'exceljs';
import type { FileOut, ReportView } from '../../src-shared/entry/contract';
import { coveredMonth } from '../../src-shared/entry/holidays';
import { utilizationReport, type Trip } from '../../src-shared/entry/utilization';
import { validateField } from '../../src-shared/entry/validate';
import { vehicleLogTemplate } from '../../src-shared/entry/builtin';
import type { FinalRecord } from './queries';

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

export async function reportXlsx(view: ReportView, baseName: string): Promise<FileOut> {
  const wb = new ExcelJS.Workbook();
  const usage = (name: string, keyLabel: string, lines: ReportView['report']['byVehicle']) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([keyLabel, '月', '利用回数', '利用日数', '開庁日数', '稼働率', '利用時間(h)', '走行距離(km)']).font = { bold: true };
    for (const l of lines) ws.addRow([l.key, l.month, l.trips, l.daysUsed, l.officeDays, l.utilization, l.hoursOut, l.km]);
    ws.getColumn(6).numFmt = '0.0%';
  };
  usage('車両別', '車両', view.report.byVehicle);
  usage('所属別', '所属', view.report.byDepartment);
  const ws = wb.addWorksheet('月別');
  ws.addRow(['月', '開庁日数', '利用車両数', '利用回数', '利用時間(h)', '走行距離(km)', '同時利用の最大台数']).font = { bold: true };
  for (const m of view.report.byMonth) ws.addRow([m.month, m.officeDays, m.vehiclesUsed, m.trips, m.hoursOut, m.km, m.peakInUse]);
  return {
    fileName: `${baseName}-report.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
    unencodable: [],
  };
}
