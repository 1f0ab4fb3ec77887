import { describe, expect, it } from 'vitest';
import { daysOfMonth, fiscalYear, formatDateTime, formatLongDate, formatMinutes, formatWareki, jstDate, jstMonthRange } from '../../../src-shared/core/time';

describe('JST and fiscal-year helpers', () => {
  it('uses the JST calendar day, not UTC', () => {
    // 2024-03-31 16:00 UTC is already April 1st in Japan.
    expect(jstDate(Date.parse('2024-03-31T16:00:00Z'))).toBe('2024-04-01');
    expect(jstDate(Date.parse('2024-03-31T14:59:59Z'))).toBe('2024-03-31');
  });
  it('puts January–March in the previous fiscal year', () => {
    expect(fiscalYear('2024-03-31')).toBe(2023);
    expect(fiscalYear('2024-04-01')).toBe(2024);
  });
  it('knows month lengths, leap years included', () => {
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(daysOfMonth('2023-02')).toHaveLength(28);
    const [start, end] = jstMonthRange('2024-12');
    expect(jstDate(start)).toBe('2024-12-01');
    expect(jstDate(end)).toBe('2025-01-01');
  });
  it('formats 和暦 and durations', () => {
    expect(formatWareki('2024-04-01')).toBe('令和6年4月1日');
    expect(formatMinutes(125)).toBe('2:05');
  });
  it('writes every instant one way on every screen, in JST whatever the language', () => {
    const at = Date.parse('2024-03-31T23:30:07Z');
    expect(formatDateTime(at)).toBe('2024/04/01 08:30');
    expect(formatDateTime(at, true)).toBe('2024/04/01 08:30:07');
    expect(formatLongDate(at, 'ja')).toBe('2024年4月1日(月)');
    expect(formatLongDate(at, 'en')).toMatch(/Mon.*1 April 2024/);
  });
});
