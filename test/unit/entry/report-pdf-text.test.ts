// Every PDF the app makes shows its Japanese text without any system font: the text is read back with poppler's
// pdftotext (fontconfig pointed at an empty configuration, so no installed font can stand in) and with pdf.js, and
// compared with what was drawn. Before the shipped font and the HarfBuzz subset, poppler read nothing and pdf.js
// garbled the CJK subset written by @pdf-lib/fontkit.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { utilizationReport, type Trip } from '../../../src-shared/entry/utilization';
import { reportPdf } from '../../../src-main/entry/report-pdf';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-pdf-'));
const noFonts = path.join(dir, 'fonts.conf');
fs.writeFileSync(noFonts, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n');

const trips: Trip[] = [
  { vehicle: '品川 300 あ 12-34', department: '総務課', date: '2024-04-08', timeOut: '09:00', timeIn: '11:30', odoOut: 1000, odoIn: 1042 },
  { vehicle: '品川 300 あ 12-34', department: '建設部 道路維持課', date: '2024-04-09', timeOut: '13:00', timeIn: '16:15', odoOut: 1042, odoIn: 1120 },
  { vehicle: '足立 500 さ 56-78', department: '福祉課（㈱ともに委託）', date: '2024-05-13', timeOut: '08:45', timeIn: '12:00', odoOut: 52000, odoIn: 52061 },
];

/** Renders page 1 with poppler (no system fonts): its complaints, and how much ink the title strip carries. */
function popplerRender(file: string): { errors: string; titleInk: number } {
  const prefix = path.join(dir, 'page');
  const run = spawnSync('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', file, prefix], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: noFonts } });
  const pgm = fs.readFileSync(fs.readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.pgm')).map((f) => path.join(dir, f))[0]!);
  // P5 header: magic, width, height, maxval, each followed by whitespace.
  const header = pgm.subarray(0, 40).toString('latin1').split(/\s+/);
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(pgm.length - width * height);
  let ink = 0;
  // The title line sits 42pt below the top of an 842pt page.
  for (let y = Math.floor(height * 0.035); y < Math.floor(height * 0.06); y++) for (let x = 0; x < width; x++) if (pixels[y * width + x]! < 128) ink++;
  return { errors: run.stderr, titleInk: ink };
}

function popplerText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: noFonts } });
}

async function pdfjsText(data: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data, disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const items: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ('str' in item && item.str.trim()) items.push(item.str);
  }
  await doc.destroy();
  return items;
}

describe('PDF text with system fonts hidden', () => {
  it('the vehicle utilization report reads back in Japanese with poppler and pdf.js', async () => {
    const view = { report: utilizationReport(trips), records: trips.length, skipped: 1, uncoveredMonths: [], issues: [], flagged: [], excluded: [] };
    const out = await reportPdf(view, '令和6年度 公用車運行日誌', 'VEHICLE-01');
    const bytes = Buffer.from(out.base64, 'base64');
    const file = path.join(dir, out.fileName);
    fs.writeFileSync(file, bytes);
    const expected = [
      '令和6年度 公用車運行日誌 — 公用車利用状況レポート',
      '集計対象 3 件（集計できなかった記録 1 件）',
      '開庁日数',
      '利用時間(h)',
      '同時利用最大',
      '月別 平均稼働率（車両別稼働率の平均）',
      '所属別（月ごと）',
      '総務課',
      '建設部 道路維持課',
      '福祉課（㈱ともに委託）',
    ];
    const poppler = popplerText(file);
    const lines = poppler.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    for (const s of expected) expect(lines.some((l) => l.includes(s)), `poppler: ${s}\n${poppler}`).toBe(true);
    const items = await pdfjsText(new Uint8Array(bytes));
    for (const s of expected) expect(items, `pdf.js: ${s}`).toContain(s);
    // The glyphs themselves draw: the old fontkit subset extracted as text but poppler refused the font file.
    // One month format: 2024/04; for a municipality 令和6年4月.
    expect(items).toContain('2024/04');
    const city = await pdfjsText(new Uint8Array(Buffer.from((await reportPdf(view, '公用車運行日誌', 'VEHICLE-01', true)).base64, 'base64')));
    expect(city).toContain('令和6年4月');
    expect(city).not.toContain('2024/04');
    const render = popplerRender(file);
    expect(render.errors).toBe('');
    expect(render.titleInk).toBeGreaterThan(100);
    // Subset per document: a report carries a few dozen glyphs, not the whole font.
    expect(bytes.length).toBeLessThan(200_000);
    // The font is embedded, so no reader needs one from the system.
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: noFonts } })).toMatch(/CID TrueType\s+Identity-H\s+yes/);
  });
});
