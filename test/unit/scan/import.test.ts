// Importing the city's volume list: XLSX, CSV in UTF-8 and CP932, and bad lists that import nothing.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/core/ids';
import { checkImportRows } from '../../../src-shared/scan/import-rows';
import { decodeCsv, detectEncoding } from '../../../src-main/scan/import-file';
import { openTestApp, type TestApp } from '../../helpers/app';

const header = '冊番号,簿冊名,棚番号,頁数,判型,取扱制限';
const goodCsv = [header, '001,建築確認図面 昭和45年度 第1冊,K-01-1,44,A0,センター室内のみ', '002,旧公図 大字洗馬,M-01-1,25,不定形,'].join('\r\n');

describe('list decoding', () => {
  it('detects UTF-8 with and without BOM and CP932', () => {
    expect(detectEncoding(Buffer.from(`\uFEFF${goodCsv}`, 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from(goodCsv, 'utf8'))).toBe('utf-8');
    const sjis = iconv.encode(goodCsv, 'cp932');
    expect(detectEncoding(sjis)).toBe('cp932');
    const decoded = decodeCsv(sjis);
    expect(decoded.rows[1][1]).toBe('建築確認図面 昭和45年度 第1冊');
    // CP932-only characters (NEC special: ①, IBM extension: 髙) survive.
    const special = decodeCsv(iconv.encode(`${header}\r\n003,①髙橋家文書,,3,A1,`, 'cp932'));
    expect(special.rows[1][1]).toBe('①髙橋家文書');
  });
});

describe('row checks', () => {
  it('reports each bad row with its line and reason', () => {
    const rows = [
      ['冊番号', '簿冊名', '頁数', '判型'],
      ['001', '図面1', '10', 'A0'],
      ['001', '図面1の重複', '10', 'A0'],
      ['002', '', '10', 'A0'],
      ['003', '図面3', '0', 'A0'],
      ['004', '図面4', '12', 'Z9'],
      ['0 05', '図面5', '12', 'A1'],
      ['', '', '', ''],
    ];
    const report = checkImportRows(rows, ['009']);
    expect(report.good.map((g) => g.volumeNo)).toEqual(['001']);
    expect(report.totalRows).toBe(6);
    expect(report.issues.map((i) => [i.line, i.messageKey])).toEqual([
      [3, 'scan.import.duplicate'],
      [4, 'scan.import.rowMissing'],
      [5, 'scan.import.badPages'],
      [6, 'scan.import.badFormat'],
      [7, 'scan.import.badVolumeNo'],
    ]);
    expect(checkImportRows([['冊番号', '頁数'], ['1', '2']]).missingColumns).toEqual(['title']);
    expect(checkImportRows([['冊番号', '簿冊名', '頁数'], ['009', 'x', '2']], ['009']).issues[0].messageKey).toBe('scan.import.alreadyRegistered');
  });
});

describe('import through the app', () => {
  let t: TestApp;
  let token: string;
  let jobId: string;
  beforeAll(async () => {
    t = openTestApp({ demo: true });
    token = (await t.must('auth.login', { loginId: 'manager', password: 'tomoni-demo' })).token;
    jobId = newId();
    await t.must('people.saveJob', { id: jobId, code: 'ARCHIVE-02', name: '旧公図', clientName: '糸魚川市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
  }, 60_000);
  afterAll(() => t.close());
  const count = () => t.app.services.store.sqlite.prepare('SELECT count(*) FROM scan_volumes WHERE job_id = ?').pluck().get(jobId) as number;

  it('imports an XLSX list', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('一覧');
    ws.addRow(['冊番号', '簿冊名', '棚番号', '頁数', '判型']);
    for (let i = 1; i <= 30; i++) ws.addRow([`X${i}`, `旧公図 第${i}号`, `M-${i}`, 20 + i, i % 2 ? 'A1' : '不定形']);
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const preview = await t.must('scan.previewImport', { jobId, fileName: 'list.xlsx', dataBase64: data }, token);
    expect(preview).toMatchObject({ encoding: 'xlsx', totalRows: 30, goodRows: 30, issues: [] });
    expect(count()).toBe(0);
    const result = await t.must('scan.commitImport', { jobId, fileName: 'list.xlsx', dataBase64: data, goodOnly: false }, token);
    expect(result.imported).toBe(30);
    expect(count()).toBe(30);
    const vols = await t.must('scan.listVolumes', { jobId }, token);
    expect(vols.find((v) => v.volumeNo === 'X1')).toMatchObject({ code: 'ARCHIVE-02-X1', expectedPages: 21, stepKey: 'receive' });
  });

  it('imports nothing from a list with bad rows, or only the good rows when asked', async () => {
    const csv = iconv.encode([header, 'Y1,図面 Y1,,10,A0,', 'Y2,図面 Y2,,abc,A0,', 'Y1,図面 Y1 再掲,,10,A0,', 'X1,既存と重複,,5,A0,'].join('\r\n'), 'cp932');
    const data = csv.toString('base64');
    const before = count();
    const all = await t.must('scan.commitImport', { jobId, fileName: 'list.csv', dataBase64: data, goodOnly: false }, token);
    expect(all).toMatchObject({ encoding: 'cp932', imported: 0, goodRows: 1, totalRows: 4 });
    expect(all.issues.map((i) => i.line)).toEqual([3, 4, 5]);
    expect(count()).toBe(before);
    const good = await t.must('scan.commitImport', { jobId, fileName: 'list.csv', dataBase64: data, goodOnly: true }, token);
    expect(good.imported).toBe(1);
    expect(count()).toBe(before + 1);
  });

  it('reads Excel’s “Unicode text” (UTF-16, tabs); suggests the encoding only for bytes that read as mojibake', async () => {
    const utf16 = Buffer.from(`\uFEFF${goodCsv.replace(/,/g, '\t')}`, 'utf16le').toString('base64');
    const unicode = await t.must('scan.previewImport', { jobId, fileName: 'list.txt', dataBase64: utf16 }, token);
    expect(unicode).toMatchObject({ encoding: 'utf-16', missingColumns: [], goodRows: 2 });
    // A UTF-8 file with one broken byte is not valid UTF-8, so it is read as CP932: that reads as 縺繧繝 mojibake.
    const broken8 = Buffer.concat([Buffer.from(`${goodCsv}\r\n003,縦覧用の図面,,5,A1,`, 'utf8'), Buffer.from([0xff])]).toString('base64');
    const r = await t.must('scan.commitImport', { jobId, fileName: 'list.csv', dataBase64: broken8, goodOnly: true }, token);
    expect(r.imported).toBe(0);
    expect(r.issues[0].messageKey).toBe('scan.import.checkEncoding');
    // A clean file whose headers are simply unknown gets the mapping step, not the encoding hint.
    const unknown = Buffer.from('\uFEFF識別子,題名,数\r\n1,a,2\r\n', 'utf8').toString('base64');
    const u = await t.must('scan.previewImport', { jobId, fileName: 'list.csv', dataBase64: unknown }, token);
    expect(u.missingColumns).toEqual(['volumeNo', 'title', 'expectedPages']);
    expect(u.issues).toEqual([]);
    expect(u.headers.map((h) => h.text)).toEqual(['識別子', '題名', '数']);
    const broken = await t.call('scan.previewImport', { jobId, fileName: 'list.xlsx', dataBase64: Buffer.from('not a zip').toString('base64') }, token);
    expect(broken).toMatchObject({ ok: false, error: { messageKey: 'scan.import.unreadable' } });
  });
});
