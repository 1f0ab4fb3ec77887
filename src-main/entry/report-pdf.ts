// The utilization report as a PDF for the client: month table with the peak and when it happened, a utilization
// bar chart, the per-vehicle figures, departments, and the logbook checks with the flagged and excluded trips.
// Every string is laid out first, so the font is subset once to exactly the characters drawn (pdf-font.ts).
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FileOut, MarkedTrip, ReportView } from '../../src-shared/entry/contract';
import { embedJapaneseFont } from './pdf-font';
import { formatMonth } from '../../src-shared/core/time';
import { issueStateText, issueText, peakText, reportT as t, tripRefText } from './report-text';

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
/** Roughly how many full-width characters fit in `width` points at `size`: long sentences wrap, never run off. */
const perLine = (width: number, size: number) => Math.max(10, Math.floor(width / size));

function wrap(s: string, max: number): string[] {
  const chars = [...s];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += max) lines.push(chars.slice(i, i + max).join(''));
  return lines.length ? lines : [''];
}

/** `municipality`: months in 和暦 (令和6年4月), as the city's officials file them; otherwise 2024/04. */
export async function reportPdf(view: ReportView, title: string, baseName: string, municipality = false): Promise<FileOut> {
  const monthText = (month: string) => formatMonth(month, municipality);
  const doc = await PDFDocument.create();
  // Drawing is recorded, then replayed once the font holds every character used.
  const ops: ((font: PDFFont) => void)[] = [];
  let used = '';
  let page: PDFPage = doc.addPage([595, 842]);
  let y = 800;
  const text = (s: string, x: number, size = 9) => {
    const [p, at] = [page, y];
    used += s;
    ops.push((font) => p.drawText(s, { x, y: at, size, font }));
  };
  const newPageIfNeeded = (room = 60) => {
    if (y < room) {
      page = doc.addPage([595, 842]);
      y = 800;
    }
  };
  const heading = (s: string) => {
    y -= 20;
    newPageIfNeeded(90);
    text(s, 40, 11);
    y -= 16;
  };
  /** A paragraph at x, wrapped to the page width. */
  const para = (s: string, x: number, size = 9) => {
    for (const line of wrap(s, perLine(555 - x, size))) {
      newPageIfNeeded();
      text(line, x, size);
      y -= size + 4;
    }
  };
  text(`${title} — 公用車利用状況レポート`, 40, 14);
  y -= 24;
  text(`集計対象 ${view.records} 件（集計できなかった記録 ${view.skipped} 件）`, 40);
  y -= 24;
  const cols = [40, 110, 170, 240, 300, 370, 450];
  ['月', '開庁日数', '利用車両数', '利用回数', '利用時間(h)', '走行距離(km)', '同時利用最大'].forEach((h, i) => text(h, cols[i]));
  y -= 14;
  for (const m of view.report.byMonth) {
    newPageIfNeeded();
    [monthText(m.month), String(m.officeDays), String(m.vehiclesUsed), String(m.trips), String(m.hoursOut), String(m.km), String(m.peakInUse)].forEach((v, i) => text(v, cols[i]));
    y -= 13;
  }
  heading(t('entry.report.peakWindows'));
  for (const m of view.report.byMonth) para(`${monthText(m.month)}  ${m.peakInUse}台: ${peakText(m.peakWindows)}`, 40);
  // Average vehicle utilization per month as bars: where people would rather look than read.
  heading('月別 平均稼働率（車両別稼働率の平均）');
  const perMonth = new Map<string, number[]>();
  for (const l of view.report.byVehicle) perMonth.set(l.month, [...(perMonth.get(l.month) ?? []), l.utilization]);
  for (const [month, list] of [...perMonth].sort(([a], [b]) => a.localeCompare(b))) {
    newPageIfNeeded();
    const avg = list.reduce((s, v) => s + v, 0) / list.length;
    text(monthText(month), 40);
    page.drawRectangle({ x: 100, y: y - 1, width: Math.min(1, avg) * 380, height: 9, color: rgb(0.2, 0.45, 0.75) });
    text(pct(avg), 490);
    y -= 14;
  }
  heading(t('entry.report.byVehicleMonth'));
  const vcols = [40, 190, 250, 310, 370, 430, 490];
  ['車両', '月', '利用日数', '開庁日数', '稼働率', '利用時間(h)', '走行距離(km)'].forEach((h, i) => text(h, vcols[i]));
  y -= 14;
  for (const l of view.report.byVehicle) {
    newPageIfNeeded();
    [l.key, monthText(l.month), String(l.daysUsed), String(l.officeDays), pct(l.utilization), String(l.hoursOut), String(l.km)].forEach((v, i) => text(v, vcols[i]));
    y -= 13;
  }
  heading('所属別（月ごと）');
  for (const l of view.report.byDepartment) {
    newPageIfNeeded();
    [l.key, monthText(l.month), `${l.daysUsed}/${l.officeDays}日`, pct(l.utilization), `${l.hoursOut}h`, `${l.km}km`].forEach((v, i) => text(v, [40, 190, 250, 320, 380, 450][i]));
    y -= 13;
  }
  heading(t('entry.logbook.title'));
  if (view.issues.length === 0) para(t('entry.logbook.none'), 40);
  for (const i of view.issues) {
    para(`【${issueStateText(i)}】${i.vehicle}  ${tripRefText(i.trip)}: ${issueText(i)}${i.trip.markNote ? `（${i.trip.markNote}）` : ''}`, 40);
  }
  const listed = (label: string, list: MarkedTrip[]) => {
    heading(label);
    if (list.length === 0) para(t('entry.report.noneListed'), 40);
    for (const m of list) para(`${m.vehicle}  ${m.date} ${m.timeOut}〜${m.timeIn}  ${m.odoOut}→${m.odoIn}  ${tripRefText(m)}${m.markNote ? `（${m.markNote}）` : ''}`, 40);
  };
  listed(t('entry.report.flagged'), view.flagged);
  listed(t('entry.report.excluded'), view.excluded);
  const font = await embedJapaneseFont(doc, used);
  for (const op of ops) op(font);
  const bytes = await doc.save();
  return { fileName: `${baseName}-report.pdf`, mime: 'application/pdf', base64: Buffer.from(bytes).toString('base64'), unencodable: [] };
}
