// The Japanese font every PDF of the app embeds (docs/decisions/0087): Noto Sans JP cut to the CP932 repertoire,
// shipped with the app (no system font needed, on Windows or anywhere), and subset per document by HarfBuzz
// (subset-font) because @pdf-lib/fontkit's own subsetter writes corrupt CJK fonts. pdf-lib then embeds the already
// small subset as it is.
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import subsetFont from 'subset-font';
import { AppError } from '../../src-shared/core/errors';

const FONT_FILE = 'assets/fonts/NotoSansJP-CP932.ttf';

/** Source tree (tsx, tests) and bundle (dist-main/electron, in or out of the asar) both sit two levels down. */
export function japaneseFontPath(): string {
  return path.resolve(import.meta.dirname, '../..', FONT_FILE);
}

let cached: Buffer | null = null;

export async function embedJapaneseFont(doc: PDFDocument, text: string): Promise<PDFFont> {
  if (!cached) {
    try {
      cached = fs.readFileSync(japaneseFontPath());
    } catch {
      throw new AppError('internal', 'entry.errors.noPdfFont');
    }
  }
  const subset = await subsetFont(cached, text, { targetFormat: 'truetype' });
  doc.registerFontkit(fontkit);
  return doc.embedFont(subset, { subset: false });
}
