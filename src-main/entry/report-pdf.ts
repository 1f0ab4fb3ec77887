// The utilization report as a PDF for the client: month table, a utilization bar chart and the top vehicles.
// Every string is laid out first, so the font is subset once to exactly the characters drawn (pdf-font.ts).
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FileOut, ReportView } from '../../src-shared/entry/contract';
import { embedJapaneseFont } from './pdf-font';
import { formatMonth } from '../../src-shared/core/time';

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

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
  const newPageIfNeeded = () => {
    if (y < 60) {
      page = doc.addPage([595, 842]);
      y = 800;
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
  // Average vehicle utilization per month as bars: where people would rather look than read.
  y -= 20;
  newPageIfNeeded();
  text('月別 平均稼働率（車両別稼働率の平均）', 40, 11);
  y -= 16;
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
  y -= 20;
  newPageIfNeeded();
  text('所属別（月ごと）', 40, 11);
  y -= 16;
  for (const l of view.report.byDepartment) {
    newPageIfNeeded();
    [l.key, monthText(l.month), `${l.daysUsed}/${l.officeDays}日`, pct(l.utilization), `${l.hoursOut}h`, `${l.km}km`].forEach((v, i) => text(v, [40, 190, 250, 320, 380, 450][i]));
    y -= 13;
  }
  const font = await embedJapaneseFont(doc, used);
  for (const op of ops) op(font);
  const bytes = await doc.save();
  return { fileName: `${baseName}-report.pdf`, mime: 'application/pdf', base64: Buffer.from(bytes).toString('base64'), unencodable: [] };
}
