// Plausible "scanned" pages for the demo: SVG drawings of the paper forms with hand-written-looking values.
// SVG keeps the demo seeder synchronous and fast; sharp and the browser read it like any other image.
import type { FieldDef, Values } from '../../src-shared/entry/template';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A slight, repeatable wobble so values look written by hand rather than printed. */
function wobble(seed: number): { dx: number; dy: number; rot: number } {
  const r = Math.sin(seed * 12.9898) * 43758.5453;
  const f = r - Math.floor(r);
  return { dx: (f - 0.5) * 4, dy: (f - 0.5) * 3, rot: (f - 0.5) * 4 };
}

export function logbookPageSvg(title: string, header: FieldDef[], headerValues: Values, fields: FieldDef[], rows: Values[], rowsPerPage: number): string {
  const widths = fields.map((f) => (f.width ?? 1) * 46);
  const total = widths.reduce((a, b) => a + b, 0);
  const x0 = 20;
  const top = 90;
  const rowH = 34;
  const parts: string[] = [];
  parts.push(`<rect width="100%" height="100%" fill="#fbf8ef"/>`);
  parts.push(`<text x="${x0}" y="34" font-size="22" font-weight="bold">${esc(title)}</text>`);
  header.forEach((f, i) => {
    const x = x0 + 300 + i * 260;
    parts.push(`<text x="${x}" y="34" font-size="14">${esc(f.label)}</text>`);
    parts.push(`<line x1="${x + 70}" y1="38" x2="${x + 240}" y2="38" stroke="#333"/>`);
    const w = wobble(i + 99);
    parts.push(`<text x="${x + 80 + w.dx}" y="${33 + w.dy}" font-size="17" fill="#1a2a6c" transform="rotate(${w.rot} ${x + 80} 33)">${esc(headerValues[f.key] ?? '')}</text>`);
  });
  let x = x0;
  fields.forEach((f, i) => {
    parts.push(`<rect x="${x}" y="${top - 30}" width="${widths[i]}" height="30" fill="#eee9d8" stroke="#333"/>`);
    parts.push(`<text x="${x + 3}" y="${top - 10}" font-size="11">${esc(f.label)}</text>`);
    x += widths[i];
  });
  for (let r = 0; r < rowsPerPage; r++) {
    const y = top + r * rowH;
    parts.push(`<rect x="${x0}" y="${y}" width="${total}" height="${rowH}" fill="none" stroke="#333"/>`);
    let cx = x0;
    fields.forEach((f, i) => {
      parts.push(`<line x1="${cx}" y1="${y}" x2="${cx}" y2="${y + rowH}" stroke="#333"/>`);
      const v = rows[r]?.[f.key];
      if (v) {
        const w = wobble(r * 31 + i);
        const shown = f.type === 'date' ? v.slice(5).replace('-', '/') : v;
        parts.push(`<text x="${cx + 4 + w.dx}" y="${y + 23 + w.dy}" font-size="15" fill="#1a2a6c" transform="rotate(${w.rot} ${cx + 4} ${y + 23})">${esc(shown)}</text>`);
      }
      cx += widths[i];
    });
  }
  const width = total + 40;
  const height = top + rowsPerPage * rowH + 30;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans CJK JP, sans-serif">${parts.join('')}</svg>`;
}

export function testSheetSvg(subject: string, set: number, page: number, questions: Values[]): string {
  const parts: string[] = [`<rect width="100%" height="100%" fill="#ffffff"/>`];
  parts.push(`<text x="30" y="40" font-size="20" font-weight="bold">${esc(subject)} 第${set}回 確認テスト（${page}枚目）</text>`);
  questions.forEach((q, i) => {
    const y = 90 + i * 130;
    parts.push(`<text x="30" y="${y}" font-size="16" font-weight="bold">問${esc(q.questionNo ?? '')}</text>`);
    parts.push(`<text x="80" y="${y}" font-size="15">${esc(q.question ?? '')}</text>`);
    parts.push(`<text x="80" y="${y + 30}" font-size="14" fill="#b00">答え: ${esc(q.answer ?? '')}</text>`);
    parts.push(`<text x="80" y="${y + 58}" font-size="13" fill="#333">解説: ${esc(q.explanation ?? '')}</text>`);
    if (q.figure) parts.push(`<rect x="640" y="${y - 20}" width="120" height="80" fill="none" stroke="#666" stroke-dasharray="4"/><text x="650" y="${y + 25}" font-size="13">${esc(q.figure)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="900" viewBox="0 0 800 900" font-family="Noto Sans CJK JP, sans-serif">${parts.join('')}</svg>`;
}
