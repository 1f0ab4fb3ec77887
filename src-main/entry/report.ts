// The client's insight from keyed vehicle logbooks: trips from final records → checks across the logbook →
// utilization report → XLSX.
import type { FileOut, MarkedTrip, ReportView } from '../../src-shared/entry/contract';
import { recordKey } from '../../src-shared/entry/compare';
import { coveredMonth } from '../../src-shared/entry/holidays';
import { facts, logbookIssues, type TripMark } from '../../src-shared/entry/logbook-checks';
import { utilizationReport, type Trip } from '../../src-shared/entry/utilization';
import { validateField } from '../../src-shared/entry/validate';
import { vehicleLogTemplate } from '../../src-shared/entry/builtin';
import type { FinalRecord } from './queries';
import { fiscalYear, formatFiscalYearWareki } from '../../src-shared/core/time';
import { addTableSheet, officeWorkbook, XLSX_MIME, xlsxBytes } from '../export/office-xlsx';
import { issueStateText, issueText, peakText, tripRefText } from './report-text';

const rowField = new Map(vehicleLogTemplate.def.row.map((f) => [f.key, f]));

/** A person's word on a record, by `${pageId}:${rowNo}`. */
export type RecordMarks = ReadonlyMap<string, { mark: TripMark; note: string }>;

/** Records whose date, times or odometer do not parse are counted as skipped, never guessed. */
export function tripsFrom(records: FinalRecord[], marks: RecordMarks = new Map()): { trips: Trip[]; skipped: number } {
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
    const mark = marks.get(recordKey(r.pageId, r.rowNo));
    trips.push({
      vehicle,
      department: v.department || r.header.ownerDepartment || '（不明）',
      date: v.date,
      timeOut: v.timeOut,
      timeIn: v.timeIn,
      odoOut: Number(v.odoOut),
      odoIn: Number(v.odoIn),
      ref: { batchCode: r.batchCode, unitLabel: r.unitLabel, page: r.pageSeq, row: r.rowNo },
      mark: mark?.mark ?? null,
      markNote: mark?.note ?? '',
    });
  }
  return { trips, skipped };
}

const marked = (t: Trip): MarkedTrip => ({ ...facts(t), vehicle: t.vehicle, department: t.department });

/**
 * The report of one batch. `elsewhere` are the trips of the job's other logbook batches: they take part in the
 * checks (a vehicle's month may be keyed across batches) but not in this batch's figures.
 */
export function buildReport(records: FinalRecord[], marks: RecordMarks = new Map(), elsewhere: Trip[] = []): ReportView {
  const { trips, skipped } = tripsFrom(records, marks);
  const report = utilizationReport(trips);
  const mine = new Set(records.map((r) => r.batchCode));
  const issues = logbookIssues([...trips, ...elsewhere])
    .filter((i) => mine.has(i.trip.ref?.batchCode ?? '') || mine.has(i.other?.ref?.batchCode ?? ''))
    .sort((a, b) => Number(a.settled) - Number(b.settled) || a.vehicle.localeCompare(b.vehicle, 'ja') || a.trip.date.localeCompare(b.trip.date) || a.trip.timeOut.localeCompare(b.trip.timeOut));
  return {
    report,
    records: trips.filter((t) => t.mark !== 'exclude').length,
    skipped,
    uncoveredMonths: report.byMonth.filter((m) => !coveredMonth(m.month)).map((m) => m.month),
    issues,
    flagged: trips.filter((t) => t.mark === 'asWritten').map(marked),
    excluded: trips.filter((t) => t.mark === 'exclude').map(marked),
  };
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
      { header: '最大となった時間帯', kind: 'text' },
    ],
    rows: view.report.byMonth.map((m) => [fiscalYearLabel(fiscalYear(`${m.month}-01`), wareki), m.month, m.officeDays, m.vehiclesUsed, m.trips, m.hoursOut, m.km, m.peakInUse, peakText(m.peakWindows)]),
  });
  addTableSheet(book, {
    name: '記録の確認',
    title,
    wareki,
    columns: [
      { header: '状態', kind: 'text' },
      { header: '車両', kind: 'text' },
      { header: '内容', kind: 'text' },
      { header: '記録', kind: 'text' },
      { header: '比べた記録', kind: 'text' },
      { header: 'メモ', kind: 'text' },
    ],
    rows: view.issues.map((i) => [issueStateText(i), i.vehicle, issueText(i), tripRefText(i.trip), i.other ? tripRefText(i.other) : '', i.trip.markNote]),
  });
  const listed = (name: string, list: MarkedTrip[]) =>
    addTableSheet(book, {
      name,
      title,
      wareki,
      columns: [
        { header: '車両', kind: 'text' },
        { header: '所属', kind: 'text' },
        { header: '月日', kind: 'date' },
        { header: '出庫', kind: 'time' },
        { header: '入庫', kind: 'time' },
        { header: '出庫時メーター', kind: 'integer' },
        { header: '入庫時メーター', kind: 'integer' },
        { header: '記録', kind: 'text' },
        { header: 'メモ', kind: 'text' },
      ],
      rows: list.map((t) => [t.vehicle, t.department, t.date, t.timeOut, t.timeIn, t.odoOut, t.odoIn, tripRefText(t), t.markNote]),
    });
  listed('原本どおり', view.flagged);
  listed('除外', view.excluded);
  return { fileName: `${baseName}-report.xlsx`, mime: XLSX_MIME, base64: (await xlsxBytes(book)).toString('base64'), unencodable: [] };
}
