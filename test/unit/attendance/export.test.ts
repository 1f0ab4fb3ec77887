// Exports that Japanese Excel opens: CSV with a BOM, CP932 with a warning for characters it cannot hold, and XLSX.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { jstMonth } from '../../../src-shared/core/time';
import { unencodableInCp932 } from '../../../src-main/attendance/export';
import { count, MIN, mustKioskPunch, openAttendanceApp, staffToken, workerByCode } from './helpers';

describe('timesheet exports', () => {
  it('CSV in UTF-8 starts with a BOM and holds the Japanese names; the export is audited', async () => {
    const t = openAttendanceApp();
    const month = jstMonth(t.clock.now());
    const office = await staffToken(t, 'office');
    const audits = count(t, 'audit_log');
    const file = await t.must('attendance.export', { month, format: 'csv' }, office);
    const bytes = Buffer.from(file.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('登録番号,氏名,日付,拠点,案件コード,案件名,工程,作業時間（分）,作業時間（時:分）');
    const w2 = await workerByCode(t, 'W0002');
    expect(text).toContain(`W0002,${w2.familyName} ${w2.givenName},`);
    expect(file).toMatchObject({ filename: `timesheet-${month}.csv`, unencodable: [] });
    expect(count(t, 'audit_log')).toBe(audits + 1);
    const audit = t.app.services.store.sqlite.prepare("SELECT action, details FROM audit_log WHERE action = 'attendance.export'").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ month, format: 'csv', encoding: 'utf8bom' });
    t.close();
  });

  it('CP932 round-trips Japanese text and lists the characters it cannot encode', async () => {
    const t = openAttendanceApp();
    const month = jstMonth(t.clock.now());
    const admin = await staffToken(t, 'admin');
    // 𠮷 (つちよし) is outside CP932: a real family name that Shift_JIS exports lose.
    const w = await workerByCode(t, 'W0030');
    await t.must('people.saveWorker', { ...w, familyName: '𠮷田' }, admin);
    await mustKioskPunch(t, 'W0030', 'in');
    t.clock.advance(30 * MIN);
    await mustKioskPunch(t, 'W0030', 'out');
    // Half an hour away locked the first session (idle lock): the administrator signs in again.
    const file = await t.must('attendance.export', { month, format: 'csv', encoding: 'cp932' }, await staffToken(t, 'admin'));
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes[0]).not.toBe(0xef);
    const text = iconv.decode(bytes, 'cp932');
    expect(text).toContain('登録番号,氏名');
    expect(text).toContain(`W0030,?田 ${w.givenName},`);
    expect(file.unencodable).toEqual(['𠮷']);
    expect(file.filename).toBe(`timesheet-${month}-sjis.csv`);
    t.close();
  });

  it('unencodable detection ignores what CP932 holds (including NEC/IBM extensions)', () => {
    expect(unencodableInCp932('髙橋 ①② ｶﾅ ～')).toEqual([]);
    // 鷗 (as in 森鷗外) is JIS X 0213 only: a classic name that Shift_JIS cannot write.
    expect(unencodableInCp932('𠮷野家 🍣 鷗')).toEqual(['𠮷', '🍣', '鷗']);
  });

  it('XLSX opens in exceljs with a summary and a detail sheet', async () => {
    const t = openAttendanceApp();
    const month = jstMonth(t.clock.now());
    const office = await staffToken(t, 'office');
    const file = await t.must('attendance.export', { month, format: 'xlsx' }, office);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as Parameters<typeof book.xlsx.load>[0]);
    expect(book.worksheets.map((s) => s.name)).toEqual(['集計', '明細']);
    const summary = book.getWorksheet('集計')!;
    expect(summary.getRow(1).getCell(1).value).toBe('登録番号');
    expect(summary.rowCount).toBe(39);
    const w2Row = summary.getRows(2, 38)!.find((r) => r.getCell(1).value === 'W0002')!;
    expect(Number(w2Row.getCell(5).value)).toBeGreaterThan(0);
    expect(book.getWorksheet('明細')!.rowCount).toBeGreaterThan(10);
    t.close();
  });
});
