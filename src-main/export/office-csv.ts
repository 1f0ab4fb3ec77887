// CSV files for Japanese Excel: the one cell writer (src-shared/core/csv.ts, formula neutralisation) and the two
// encodings offices ask for: UTF-8 with a BOM (what tells Excel it is UTF-8) and CP932 ("Shift_JIS").
import iconv from 'iconv-lite';
import { csvText } from '../../src-shared/core/csv';

export type CsvEncoding = 'utf8bom' | 'cp932';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Characters CP932 has no code for (emoji, 𠮷, 鷗 …; ①, 髙 and half-width kana are fine). iconv-lite would silently
 * write '?' for them, so a person is told which ones before choosing to save.
 */
export function unencodableInCp932(text: string): string[] {
  const bad = new Set<string>();
  for (const ch of new Set(Array.from(text))) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') !== ch) bad.add(ch);
  }
  return [...bad];
}

export interface CsvBytes {
  bytes: Buffer;
  /** CP932 only: the characters written as '?'. */
  unencodable: string[];
}

export function csvBytes(rows: readonly (readonly (string | number)[])[], encoding: CsvEncoding): CsvBytes {
  const text = csvText(rows);
  if (encoding === 'cp932') return { bytes: iconv.encode(text, 'cp932'), unencodable: unencodableInCp932(text) };
  return { bytes: Buffer.concat([BOM, Buffer.from(text, 'utf8')]), unencodable: [] };
}
