// Exports an office opens happily, read back with exceljs: typed cells (numbers and dates that SUM and filters
// use), column widths, a Japanese font, A4 landscape with the header row repeated, translated step names, 和暦/年度
// for a municipality; CSV bytes with a BOM, and CP932 whose lost characters are shown before any file is made.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMunicipality } from '../../../src-shared/core/clients';
import { newId } from '../../../src-shared/core/ids';
import { formatDate, formatDateTime, formatFiscalYearWareki, jstMonth } from '../../../src-shared/core/time';
import { vehicleLogTemplate } from '../../../src-shared/entry/builtin';
import { utilizationReport } from '../../../src-shared/entry/utilization';
import { exportRecords } from '../../../src-main/entry/export';
import { reportXlsx } from '../../../src-main/entry/report';
import { OFFICE_FONT, typedValue } from '../../../src-main/export/office-xlsx';
import { openTestApp, type TestApp } from '../../helpers/app';
import { openAttendanceApp, staffToken, workerByCode } from '../attendance/helpers';

async function readBook(base64: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return book;
}

/** What every office sheet must have: A4 landscape, one page wide, the header row repeated, widths, the font. */
function expectOfficeSheet(ws: ExcelJS.Worksheet, headerRow: number): void {
  expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` });
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
  const header = ws.getRow(headerRow);
  expect(header.getCell(1).font).toMatchObject({ name: OFFICE_FONT, bold: true });
  expect(ws.getRow(headerRow + 1).getCell(1).font).toMatchObject({ name: OFFICE_FONT });
  for (let c = 1; c <= header.cellCount; c++) expect(ws.getColumn(c).width, `column ${c}`).toBeGreaterThanOrEqual(6);
}

describe('typed cells', () => {
  it('turns what a column expects into numbers, dates and durations, and keeps anything else as text', () => {
    expect(typedValue('integer', '１，２３４')).toBe(1234);
    expect(typedValue('integer', '12a')).toBe('12a');
    expect(typedValue('date', '2024-04-01')).toEqual(new Date(Date.UTC(2024, 3, 1)));
    expect(typedValue('month', '2022-10')).toEqual(new Date(Date.UTC(2022, 9, 1)));
    expect(typedValue('time', '08:30')).toBeCloseTo(8.5 / 24);
    expect(typedValue('duration', 90)).toBeCloseTo(90 / 1440);
    expect(typedValue('text', '001')).toBe('001');
    expect(typedValue('date', '')).toBeNull();
  });

  it('knows a municipality by its name, and names 年度 in 和暦', () => {
    expect(['塩尻市', '立科町', '長野県', '糸魚川市役所', '塩尻市教育委員会', '〇〇村 '].every(isMunicipality)).toBe(true);
    expect(['株式会社テスト', '学校法人ABC学園'].some(isMunicipality)).toBe(false);
    expect([formatFiscalYearWareki(2022), formatFiscalYearWareki(2019)]).toEqual(['令和4年度', '令和元年度']);
    // One date format on screens and in files, in JST whatever the PC's zone: 23:30 UTC is the next morning.
    expect(formatDateTime(Date.parse('2024-03-31T23:30:00Z'))).toBe('2024/04/01 08:30');
    expect(formatDate('2024-04-01')).toBe('2024/04/01');
  });
});

describe('timesheet XLSX', () => {
  it('has typed dates and minutes, h:mm that sums, step names people read, and the office print setup', async () => {
    const t = openAttendanceApp();
    const month = jstMonth(t.clock.now());
    const file = await t.must('attendance.export', { month, format: 'xlsx' }, await staffToken(t, 'office'));
    const book = await readBook(file.base64);
    const detail = book.getWorksheet('明細')!;
    expectOfficeSheet(detail, 1);
    expectOfficeSheet(book.getWorksheet('集計')!, 1);
    const rows = detail.getRows(2, detail.rowCount - 1)!;
    expect(rows[0]!.getCell(3).value).toBeInstanceOf(Date);
    expect(rows[0]!.getCell(3).numFmt).toBe('yyyy/mm/dd');
    expect(typeof rows[0]!.getCell(8).value).toBe('number');
    expect(rows[0]!.getCell(9).numFmt).toBe('[h]:mm');
    const steps = new Set(rows.map((r) => String(r.getCell(7).value ?? '')));
    expect(steps.has('スキャン') || steps.has('品質検査')).toBe(true);
    for (const raw of ['scan', 'qc']) expect(steps.has(raw)).toBe(false);
    t.close();
  });
});

describe('CP932 exports withhold the file while characters would be lost', () => {
  it('timesheet: the list of characters first, no file and no audit; the file once the loss is accepted', async () => {
    const t = openAttendanceApp();
    const month = jstMonth(t.clock.now());
    const admin = await staffToken(t, 'admin');
    const w = await workerByCode(t, 'W0002');
    await t.must('people.saveWorker', { ...w, familyName: '𠮷田' }, admin);
    const audits = () => t.app.services.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'attendance.export'").pluck().get() as number;
    const before = audits();
    const held = await t.must('attendance.export', { month, format: 'csv', encoding: 'cp932', acceptLoss: false }, admin);
    expect(held).toMatchObject({ withheld: true, base64: '', unencodable: ['𠮷'] });
    expect(audits()).toBe(before);
    const saved = await t.must('attendance.export', { month, format: 'csv', encoding: 'cp932', acceptLoss: true }, admin);
    expect(saved.withheld).toBeUndefined();
    expect(iconv.decode(Buffer.from(saved.base64, 'base64'), 'cp932')).toContain('W0002,?田 ');
    expect(audits()).toBe(before + 1);
    t.close();
  });
});

describe('keyed data and the vehicle report', () => {
  const def = vehicleLogTemplate.def;
  const records = [
    { batchCode: 'B', unitId: 'u', unitLabel: '公用車1 2022年4月', pageId: 'p', pageSeq: 1, rowNo: 1, status: 'accepted' as const, header: { vehicle: '長野500さ1234', ownerDepartment: '総務課' }, values: { date: '2022-04-01', timeOut: '08:30', timeIn: '12:00', driver: '山田', department: '総務課', destination: '㈱県庁', purpose: '', odoOut: '10200', odoIn: '10235', notes: '', alcohol: '無', checker: '佐藤', detector: '使用' } },
    { batchCode: 'B', unitId: 'u', unitLabel: '公用車1 2022年4月', pageId: 'p', pageSeq: 1, rowNo: 2, status: 'accepted' as const, header: { vehicle: '長野500さ1234', ownerDepartment: '総務課' }, values: { date: '2022-04-04', timeOut: '09:00', timeIn: '10:30', driver: '山田', department: '総務課', destination: '市民会館', purpose: '', odoOut: '10235', odoIn: '10251', notes: '', alcohol: '無', checker: '佐藤', detector: '使用' } },
  ];

  it('keyed values are typed as the template declares: dates, times and odometers SUM can add', async () => {
    const file = await exportRecords(def, records, 'xlsx', 'B1');
    const ws = (await readBook(file.base64)).getWorksheet('data')!;
    expectOfficeSheet(ws, 1);
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (label: string) => head.indexOf(label) + 1;
    const row = ws.getRow(2);
    expect(row.getCell(col('月日')).value).toEqual(new Date(Date.UTC(2022, 3, 1)));
    expect(row.getCell(col('出庫時メーター')).value).toBe(10200);
    expect(row.getCell(col('出庫時刻')).numFmt).toBe('hh:mm');
    expect(row.getCell(col('行先')).value).toBe('㈱県庁');
    expect(row.getCell(col('車両番号')).value).toBe('長野500さ1234');
    // CSV: the same one date format, through the one CSV writer, with a BOM.
    const csv = Buffer.from((await exportRecords(def, records, 'csv', 'B1')).base64, 'base64');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toContain(',2022/04/01,08:30,12:00,');
    // Shift_JIS with a character it cannot hold: withheld until the loss is accepted.
    const odd = [{ ...records[0]!, values: { ...records[0]!.values, driver: '𠮷岡' } }];
    expect(await exportRecords(def, odd, 'csv-cp932', 'B1', false)).toMatchObject({ withheld: true, base64: '', unencodable: ['𠮷'] });
    const accepted = await exportRecords(def, odd, 'csv-cp932', 'B1', true);
    expect(iconv.decode(Buffer.from(accepted.base64, 'base64'), 'cp932')).toContain(',?岡,');
  });

  it('the report for a municipality: title with 年度 in 和暦, months in 和暦, numbers and percentages typed', async () => {
    const trips = records.map((r) => ({ vehicle: r.header.vehicle, department: r.values.department, date: r.values.date, timeOut: r.values.timeOut, timeIn: r.values.timeIn, odoOut: Number(r.values.odoOut), odoIn: Number(r.values.odoIn) }));
    const view = { report: utilizationReport(trips), records: 2, skipped: 0, uncoveredMonths: [], issues: [], flagged: [], excluded: [] };
    const book = await readBook((await reportXlsx(view, 'B1', { title: '公用車記録簿', municipality: true })).base64);
    const ws = book.getWorksheet('車両別')!;
    expect(ws.getCell('A1').value).toBe('公用車記録簿 公用車利用状況 令和4年度');
    expectOfficeSheet(ws, 3);
    expect(ws.getCell('B4').value).toEqual(new Date(Date.UTC(2022, 3, 1)));
    expect(ws.getCell('B4').numFmt).toContain('ggge');
    expect(ws.getCell('C4').value).toBe(2);
    expect(ws.getCell('F4').numFmt).toBe('0.0%');
    expect(typeof ws.getCell('H4').value).toBe('number');
    expect(book.getWorksheet('月別')!.getCell('A4').value).toBe('令和4年度');
    const plain = await readBook((await reportXlsx(view, 'B1', { title: '記録簿', municipality: false })).base64);
    expect(plain.getWorksheet('車両別')!.getCell('B4').numFmt).toBe('yyyy/mm');
    expect(plain.getWorksheet('月別')!.getCell('A4').value).toBe('2022年度');
  });
});

describe('volume-list export', () => {
  let t: TestApp;
  let token: string;
  let jobId: string;
  beforeAll(async () => {
    t = openTestApp({ demo: true });
    token = (await t.must('auth.login', { loginId: 'manager', password: 'tomoni-demo' })).token;
    jobId = newId();
    await t.must('people.saveJob', { id: jobId, code: 'ITOIGAWA-01', name: '旧公図', clientName: '糸魚川市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
    const csv = ['冊番号,簿冊名,予定頁数,判型,備考', '001,𠮷田家文書,12,A1,㈱吉田 寄託', '002,旧公図 大字一の宮,30,不定形,'].join('\r\n');
    await t.must('scan.commitImport', { jobId, fileName: 'l.csv', dataBase64: Buffer.from(`\uFEFF${csv}`, 'utf8').toString('base64'), goodOnly: false }, token);
  }, 60_000);
  afterAll(() => t.close());

  it('XLSX: the title in 和暦 for the city, typed page counts, the 備考 column kept, translated step names', async () => {
    const out = await t.must('scan.exportVolumes', { jobId, format: 'xlsx', acceptLoss: false }, token);
    const ws = (await readBook(out.file!.base64)).getWorksheet('簿冊一覧')!;
    expect(String(ws.getCell('A1').value)).toMatch(/^糸魚川市 旧公図 簿冊一覧（令和\d+年\d+月\d+日 現在）$/);
    expectOfficeSheet(ws, 3);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['冊番号', '簿冊名', '棚番号', '予定頁数', '判型', '取扱制限', '年代', '備考', '工程', 'スキャン済み頁数']);
    expect([1, 2, 4, 5, 6, 8, 9, 10].map((c) => ws.getRow(4).getCell(c).value)).toEqual(['001', '𠮷田家文書', 12, 'A1', '制限なし', '㈱吉田 寄託', '受入', 0]);
    expect(ws.getCell('A4').value).toBe('001');
    expect(ws.getCell('D4').value).toBe(12);
    expect(ws.getCell('E5').value).toBe('不定形');
    expect(ws.getCell('H4').value).toBe('㈱吉田 寄託');
    expect(ws.getCell('I4').value).toBe('受入');
  });

  it('a registered client’s kind decides 和暦 (a company named like a city gets the western date)', async () => {
    const clientId = newId();
    await t.must('people.saveClient', { id: clientId, name: '株式会社 南町', kind: 'company', active: true }, token);
    const companyJob = newId();
    await t.must('people.saveJob', { id: companyJob, code: 'MINAMI-01', name: '図面', clientName: '', clientId, kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
    const out = await t.must('scan.exportVolumes', { jobId: companyJob, format: 'xlsx', acceptLoss: false }, token);
    const ws = (await readBook(out.file!.base64)).getWorksheet('簿冊一覧')!;
    expect(String(ws.getCell('A1').value)).toMatch(/^株式会社 南町 図面 簿冊一覧（\d{4}\/\d{2}\/\d{2} 現在）$/);
    const cityId = newId();
    await t.must('people.saveClient', { id: cityId, name: '立科', kind: 'municipality', active: true }, token);
    const cityJob = newId();
    await t.must('people.saveJob', { id: cityJob, code: 'TATE-01', name: '図面', clientName: '', clientId: cityId, kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
    const city = await t.must('scan.exportVolumes', { jobId: cityJob, format: 'xlsx', acceptLoss: false }, token);
    expect(String((await readBook(city.file!.base64)).getWorksheet('簿冊一覧')!.getCell('A1').value)).toMatch(/令和\d+年/);
  });

  it('CSV: UTF-8 with a BOM that the importer reads back', async () => {
    const out = await t.must('scan.exportVolumes', { jobId, format: 'csv', acceptLoss: false }, token);
    const bytes = Buffer.from(out.file!.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[1]).toBe('001,𠮷田家文書,,12,A1,制限なし,,㈱吉田 寄託,受入,0');
    const other = newId();
    await t.must('people.saveJob', { id: other, code: 'ITOIGAWA-02', name: '写し', clientName: '糸魚川市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
    const back = await t.must('scan.previewImport', { jobId: other, fileName: out.file!.fileName, dataBase64: out.file!.base64 }, token);
    expect(back).toMatchObject({ missingColumns: [], goodRows: 2, issues: [] });
  });

  it('CP932: the characters it cannot hold are listed before any file is made; the person chooses', async () => {
    const first = await t.must('scan.exportVolumes', { jobId, format: 'csv-cp932', acceptLoss: false }, token);
    expect(first).toEqual({ file: null, unencodable: ['𠮷'] });
    const chosen = await t.must('scan.exportVolumes', { jobId, format: 'csv-cp932', acceptLoss: true }, token);
    const bytes = Buffer.from(chosen.file!.base64, 'base64');
    expect(bytes[0]).not.toBe(0xef);
    const text = iconv.decode(bytes, 'cp932');
    // ㈱ is in CP932 (NEC special characters) and survives; 𠮷 became '?'.
    expect(text.split('\r\n')[1]).toBe('001,?田家文書,,12,A1,制限なし,,㈱吉田 寄託,受入,0');
    expect(chosen.unencodable).toEqual(['𠮷']);
  });
});
