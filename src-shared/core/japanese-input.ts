// Input the way Japanese offices type it: full-width digits (IME on), 和暦 dates, 4/1 without a year, hiragana in a
// furigana field, badge scanners in full-width mode. Everything here only *reads* what was typed; callers decide
// what they store (keyed text is stored as written, NFC only: see docs/decisions/0092).

/** What we store for free text: the characters as typed, composed (NFC), outer blanks (incl. 全角空白) removed. */
export function asWritten(raw: string): string {
  return raw.normalize('NFC').trim();
}

/** The form two values are compared in: width and compatibility characters folded (① = 1, ㈱ = (株)). */
export function comparable(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

/** Width-folded and without blanks: for digits, codes and numbers. Dash look-alikes count as a hyphen. */
function folded(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, '');
}

/**
 * A worker code as a badge scanner or an IME types it: `Ｗ０００１` → `W0001`, `Ｗー０００１` → `W-0001` (the IME turns
 * the minus key into ー). Case is kept: codes are matched as registered.
 */
export function normalizeCode(raw: string): string {
  return folded(raw).replace(/[\u30FC\uFF70]/g, '-');
}

/** A PIN typed with the IME on: `１２３４` → `1234`. */
export function normalizeDigits(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * A number as offices write it: full-width digits, thousands commas (`１，２３４`), a leading ▲/△ for minus (accounting
 * style). Returns the plain decimal text (`-1234.5`) or null when it is not a number.
 */
export function parseNumber(raw: string): string | null {
  let v = folded(raw).replace(/,/g, '');
  if (/^[▲△]/.test(v)) v = `-${v.slice(1)}`;
  if (!/^[-+]?\d+(\.\d+)?$/.test(v)) return null;
  return v.replace(/^\+/, '').replace(/^(-?)0+(?=\d)/, '$1');
}

/** 和暦 eras with their first day; an era date before its first day (or past the next era's) is not a date. */
const ERAS = [
  { names: ['令和', 'R', 'r', '㋿'], start: '2019-05-01', year0: 2018 },
  { names: ['平成', 'H', 'h', '㍻'], start: '1989-01-08', year0: 1988 },
  { names: ['昭和', 'S', 's', '㍼'], start: '1926-12-25', year0: 1925 },
  { names: ['大正', 'T', 't', '㍽'], start: '1912-07-30', year0: 1911 },
  { names: ['明治', 'M', 'm', '㍾'], start: '1868-01-25', year0: 1867 },
] as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(y: number, m: number, d: number): string | null {
  if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

export interface DateContext {
  /** 年度 (April–March) the paper belongs to: `4/1` is April of it, `3/31` is March of the next calendar year. */
  fiscalYear?: number;
  /** A calendar year to use when no fiscal year is known. */
  year?: number;
}

const SEP = String.raw`\s*[-/.・年月]\s*`;
const TAIL = String.raw`\s*日?`;

/**
 * A date as an office writes it, to `YYYY-MM-DD` (null when it is not one): `2022/4/1`, `2022-04-01`, `2022年4月1日`,
 * `20220401`, `R4.4.1`, `令和4年4月1日`, `令和元年5月1日`, `H31/4/30`, and — with a year from the context — `4/1`,
 * `04/01`, `4月1日`, `0401`. Full-width digits and separators are fine.
 */
export function parseDate(raw: string, ctx: DateContext = {}): string | null {
  const v = raw.normalize('NFKC').trim().replace(/元(?=\s*年)/, '1');
  let m = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})${SEP}(\\d{1,2})${TAIL}$`).exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = new RegExp(`^(令和|平成|昭和|大正|明治|[RHSTMrhstm㋿㍻㍼㍽㍾])\\s*(\\d{1,2})${SEP}(\\d{1,2})${SEP}(\\d{1,2})${TAIL}$`).exec(v);
  if (m) {
    const era = ERAS.find((e) => (e.names as readonly string[]).includes(m![1]))!;
    const date = isoDate(era.year0 + Number(m[2]), Number(m[3]), Number(m[4]));
    if (!date || date < era.start) return null;
    const next = ERAS[ERAS.indexOf(era) - 1];
    return next && date >= next.start ? null : date;
  }
  m = new RegExp(`^(\\d{1,2})${SEP}(\\d{1,2})${TAIL}$`).exec(v) ?? /^(\d{2})(\d{2})$/.exec(v);
  if (m) {
    const month = Number(m[1]);
    const year = ctx.fiscalYear !== undefined ? ctx.fiscalYear + (month <= 3 ? 1 : 0) : ctx.year;
    return year === undefined ? null : isoDate(year, month, Number(m[2]));
  }
  return null;
}

/** A time of day, to `HH:MM` (null when it is not one): `0830`, `8:30`, `８：３０`, `8時30分`, `8時`. */
export function parseTime(raw: string): string | null {
  const v = raw.normalize('NFKC').replace(/\s+/g, '');
  const m = /^(\d{1,2})(?::|時)?(\d{2})?分?$/.exec(v);
  if (!m || (m[2] === undefined && !v.includes('時'))) {
    const compact = /^(\d{1,2})(\d{2})$/.exec(v);
    if (!compact) return null;
    return validTime(Number(compact[1]), Number(compact[2]));
  }
  return validTime(Number(m[1]), Number(m[2] ?? '0'));
}

function validTime(h: number, min: number): string | null {
  return h < 24 && min < 60 ? `${pad(h)}:${pad(min)}` : null;
}

/**
 * Furigana as stored: full-width katakana. Hiragana (what people type by default) and half-width kana (old systems,
 * badge printers) are turned into it; everything else is left for the validator to refuse.
 */
export function toKatakana(raw: string): string {
  // NFKC is applied only to half-width kana (and its voicing marks), so that nothing else is silently rewritten.
  const wide = raw.replace(/[\uFF61-\uFF9F]+/g, (s) => s.normalize('NFKC'));
  return wide.replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60)).trim();
}

/** Furigana: katakana, the long-vowel mark, middle dot and blanks. */
export function isKatakana(v: string): boolean {
  return /^[\u30A0-\u30FF\u3000 ]*$/u.test(v);
}
