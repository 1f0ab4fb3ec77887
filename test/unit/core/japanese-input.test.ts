// The shared reader of Japanese office input: examples from the pilot's paper and properties over every date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asWritten,
  comparable,
  normalizeCode,
  normalizeDigits,
  parseDate,
  parseNumber,
  parseTime,
  toKatakana,
} from '../../../src-shared/core/japanese-input';
import { fiscalYear } from '../../../src-shared/core/time';

const toWide = (s: string) => s.replace(/[0-9A-Za-z/.:,-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('dates as offices write them', () => {
  it('reads the pilot forms of 2022-04-01', () => {
    for (const v of ['2022/4/1', '2022-04-01', '2022.4.1', '2022年4月1日', '20220401', 'R4.4.1', 'R4/4/1', 'r4.4.1', '令和4年4月1日', '令和４年４月１日', '２０２２／４／１']) {
      expect(parseDate(v), v).toBe('2022-04-01');
    }
    for (const v of ['4/1', '04/01', '4月1日', '0401', '４/１', '４月１日']) expect(parseDate(v, { fiscalYear: 2022 }), v).toBe('2022-04-01');
  });

  it('places a short date in the fiscal year: January to March belong to the next calendar year', () => {
    expect(parseDate('3/31', { fiscalYear: 2022 })).toBe('2023-03-31');
    expect(parseDate('12/28', { fiscalYear: 2022 })).toBe('2022-12-28');
    expect(parseDate('1/5', { year: 2024 })).toBe('2024-01-05');
    expect(parseDate('4/1')).toBeNull();
  });

  it('knows the eras and their borders', () => {
    expect(parseDate('令和元年5月1日')).toBe('2019-05-01');
    expect(parseDate('H31.4.30')).toBe('2019-04-30');
    expect(parseDate('平成元年1月8日')).toBe('1989-01-08');
    expect(parseDate('S64.1.7')).toBe('1989-01-07');
    // Reiwa began on 1 May 2019; Heisei ended the day before.
    expect(parseDate('R1.4.30')).toBeNull();
    expect(parseDate('H31.5.1')).toBeNull();
    expect(parseDate('2022/2/30')).toBeNull();
    expect(parseDate('2022/13/1')).toBeNull();
    expect(parseDate('会議')).toBeNull();
  });

  const day = fc.integer({ min: Date.UTC(1989, 0, 8), max: Date.UTC(2040, 11, 31) }).map((ms) => new Date(Math.floor(ms / 86_400_000) * 86_400_000));
  const iso = (d: Date) => d.toISOString().slice(0, 10);

  it('property: every date written in any office form reads back as itself', () => {
    fc.assert(
      fc.property(day, fc.boolean(), (d, wide) => {
        const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const w = (s: string) => (wide ? toWide(s) : s);
        const era = iso(d) >= '2019-05-01' ? { name: '令和', letter: 'R', y0: 2018 } : { name: '平成', letter: 'H', y0: 1988 };
        const ey = y - era.y0;
        const forms = [
          w(`${y}/${m}/${dd}`),
          w(iso(d)),
          `${w(String(y))}年${w(String(m))}月${w(String(dd))}日`,
          w(`${era.letter}${ey}.${m}.${dd}`),
          `${era.name}${ey === 1 ? '元' : w(String(ey))}年${w(String(m))}月${w(String(dd))}日`,
        ];
        for (const f of forms) expect(parseDate(f), f).toBe(iso(d));
        // Without a year, the fiscal year the day belongs to places it.
        expect(parseDate(w(`${m}/${dd}`), { fiscalYear: fiscalYear(iso(d)) })).toBe(iso(d));
        expect(parseDate(`${w(String(m).padStart(2, '0'))}${w(String(dd).padStart(2, '0'))}`, { fiscalYear: fiscalYear(iso(d)) })).toBe(iso(d));
      }),
      { numRuns: 500 },
    );
  });

  it('property: nothing that is not a calendar day is read as one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 }), (y, m, d) => {
        const got = parseDate(`${y}/${m}/${d}`);
        const real = new Date(Date.UTC(y, m - 1, d));
        const valid = m >= 1 && m <= 12 && d >= 1 && real.getUTCMonth() === m - 1;
        expect(got).toBe(valid ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null);
      }),
      { numRuns: 500 },
    );
  });
});

describe('numbers, times, codes and furigana', () => {
  it('reads numbers with full-width digits, commas and the accounting minus', () => {
    expect(parseNumber('１，２３４')).toBe('1234');
    expect(parseNumber('20,041')).toBe('20041');
    expect(parseNumber('▲500')).toBe('-500');
    expect(parseNumber('０３')).toBe('3');
    expect(parseNumber('12.5')).toBe('12.5');
    expect(parseNumber('十二')).toBeNull();
    expect(parseNumber('1,2.3.4')).toBeNull();
  });

  it('property: any integer written with full-width digits and thousands commas reads back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.boolean(), (n, wide) => {
        const text = n.toLocaleString('en-US');
        expect(parseNumber(wide ? toWide(text) : text)).toBe(String(n));
      }),
      { numRuns: 300 },
    );
  });

  it('reads times as keyers type them', () => {
    expect(parseTime('0830')).toBe('08:30');
    expect(parseTime('８：３０')).toBe('08:30');
    expect(parseTime('830')).toBe('08:30');
    expect(parseTime('8時30分')).toBe('08:30');
    expect(parseTime('17時')).toBe('17:00');
    expect(parseTime('2460')).toBeNull();
  });

  it('takes a worker code and PIN typed with the IME on or by a full-width badge scanner', () => {
    expect(normalizeCode('Ｗ０００１')).toBe('W0001');
    expect(normalizeCode(' Ｗー０００１ ')).toBe('W-0001');
    expect(normalizeDigits('１２３４')).toBe('1234');
  });

  it('stores furigana in katakana whether typed in hiragana or half-width kana', () => {
    expect(toKatakana('まるやま')).toBe('マルヤマ');
    expect(toKatakana('ﾏﾙﾔﾏ ﾀﾛｳ')).toBe('マルヤマ タロウ');
    expect(toKatakana('ｶﾞｯｺｳ')).toBe('ガッコウ');
    expect(toKatakana('ゆうこ')).toBe('ユウコ');
  });

  it('property: hiragana and half-width katakana both become the same full-width katakana', () => {
    const kana = fc.string({ unit: fc.integer({ min: 0x30a1, max: 0x30f6 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(kana, (k) => {
        const hira = k.replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
        expect(toKatakana(hira)).toBe(k);
        expect(toKatakana(k)).toBe(k);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps text as written and folds only for comparison', () => {
    expect(asWritten(' ①㈱丸山\u3000')).toBe('①㈱丸山');
    expect(asWritten('カ\u3099')).toBe('ガ');
    expect(comparable('①㈱')).toBe('1(株)');
    expect(comparable('県庁 ')).toBe(comparable('県庁'));
  });
});
