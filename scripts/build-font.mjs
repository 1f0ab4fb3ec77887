// Makes the Japanese font the app ships for PDFs (docs/decisions/0087): Noto Sans JP cut down to the Windows-31J
// (CP932) repertoire — JIS X 0208 levels 1 and 2, kana, NEC/IBM extensions such as ①, ㈱ — plus ASCII and half-width
// kana. Run once when the font or the repertoire changes; the result is committed under assets/fonts/.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const source = require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
const chars = new Set();
for (let c = 0x20; c < 0x7f; c++) chars.add(String.fromCharCode(c));
for (let lead = 0x81; lead <= 0xfc; lead++) {
  if (lead > 0x9f && lead < 0xe0) {
    chars.add(iconv.decode(Buffer.from([lead]), 'cp932'));
    continue;
  }
  for (let trail = 0x40; trail <= 0xfc; trail++) {
    if (trail === 0x7f) continue;
    const s = iconv.decode(Buffer.from([lead, trail]), 'cp932');
    // The user-defined rows map to the private use area: no font has glyphs there.
    if (s.length === 1 && s !== '\ufffd' && !(s >= '\ue000' && s <= '\uf8ff')) chars.add(s);
  }
}
for (const extra of '・ー－〜～—‐“”‘’') chars.add(extra);
const out = await subsetFont(fs.readFileSync(source), [...chars].join(''), { targetFormat: 'truetype' });
fs.mkdirSync('assets/fonts', { recursive: true });
fs.writeFileSync('assets/fonts/NotoSansJP-CP932.ttf', out);
process.stdout.write(`${chars.size} characters, ${(out.length / 1024 / 1024).toFixed(2)} MB\n`);
