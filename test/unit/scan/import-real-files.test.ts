// The city's volume lists as they really arrive: 予定頁数 and other header variants, a title above the header row,
// merged title cells, full-width digits, 和暦 years, a 備考 column with ㈱ (kept verbatim, never dropped), CP932,
// and a leader's hand-made column assignment that the next file from the same client reuses by itself.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/core/ids';
import { columnOfHeader, headerKey, matchHeader } from '../../../src-shared/scan/import-headers';
import { openTestApp, type TestApp } from '../../helpers/app';

const b64 = (b: Buffer | Uint8Array) => Buffer.from(b).toString('base64');

describe('header synonyms', () => {
  it('knows the ways offices head each column, compared without width, blanks or brackets', () => {
    for (const h of ['予定頁数', '予定 頁数', '予定　頁数', ' 頁数（予定）', '頁数(枚)', 'ページ数', '予定ページ数', '枚数', '予定枚数', '頁', '総頁数', '※頁数']) {
      expect(columnOfHeader(h), h).toBe('expectedPages');
    }
    for (const h of ['簿冊名', '簿冊', '文書名', '件名', '簿冊名称', 'タイトル']) expect(columnOfHeader(h), h).toBe('title');
    for (const h of ['番号', 'No.', 'No', 'ＮＯ', 'Ｎｏ．', '№', '冊番号', '整理番号']) expect(columnOfHeader(h), h).toBe('volumeNo');
    expect(columnOfHeader('備考')).toBeNull();
    expect(columnOfHeader('保存年限')).toBeNull();
    // Normalised for matching only: the key folds ㈱ and widths, the header itself is kept as written elsewhere.
    expect(headerKey('　予定　頁数（Ａ０含む）')).toBe('予定頁数a0含む');
  });

  it('finds the header row under a title and a date line, and skips a title merged across the columns', () => {
    const rows = [
      ['令和5年度 簿冊一覧', '令和5年度 簿冊一覧', '令和5年度 簿冊一覧'],
      ['', '', '作成日 令和5年10月2日'],
      ['No.', '簿冊名', '予定頁数', '備考'],
      ['1', 'a', '3', ''],
    ];
    const m = matchHeader(rows);
    expect(m.headerRow).toBe(2);
    expect(m.columns).toEqual({ volumeNo: 0, title: 1, expectedPages: 2 });
    expect(m.extra).toEqual([3]);
    // The leader's assignment overrides a synonym and may mark a column as a note ('').
    const over = matchHeader(rows, { [headerKey('No.')]: '', [headerKey('備考')]: 'volumeNo' });
    expect(over.columns.volumeNo).toBe(3);
    expect(over.source).toMatchObject({ volumeNo: 'mapping', title: 'synonym' });
    expect(over.extra).toEqual([0]);
  });
});

describe('real lists through the app', () => {
  let t: TestApp;
  let token: string;
  let jobId: string;
  let secondJob: string;
  const volumes = (job: string) =>
    t.app.services.store.sqlite.prepare('SELECT volume_no, title, expected_pages, dc_date, extra FROM scan_volumes WHERE job_id = ? ORDER BY volume_no').all(job) as {
      volume_no: string;
      title: string;
      expected_pages: number;
      dc_date: string;
      extra: string | null;
    }[];
  beforeAll(async () => {
    t = openTestApp({ demo: true });
    token = (await t.must('auth.login', { loginId: 'manager', password: 'tomoni-demo' })).token;
    jobId = newId();
    secondJob = newId();
    await t.must('people.saveJob', { id: jobId, code: 'SHIOJIRI-01', name: '建築確認図面', clientName: '塩尻市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
    // The same client written with a full-width space: still the same client for its remembered mapping.
    await t.must('people.saveJob', { id: secondJob, code: 'SHIOJIRI-02', name: '旧公図', clientName: '塩尻市　', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
  }, 60_000);
  afterAll(() => t.close());

  it('imports the city’s XLSX: merged title, header in row 3, 予定頁数, full-width digits, 和暦, 備考 with ㈱ kept', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('簿冊一覧');
    ws.addRow(['令和5年度 保存文書デジタル化業務 簿冊一覧']);
    ws.mergeCells('A1:F1');
    ws.addRow(['', '', '', '', '作成日', '令和5年10月2日']);
    ws.addRow(['No.', '簿冊名', '予定頁数', '年代', '保存年限', '備考']);
    ws.addRow(['１', '建築確認申請書綴 第1冊', '１２', '昭和45年度', '永年', '㈱山田設計事務所 提出分']);
    ws.addRow([2, '建築確認申請書綴 第2冊', 40, '昭和46年度', '永年', '']);
    ws.addRow(['3', '㈲丸山測量 図面', '1,204頁', '平成元年度', '30年', '①〜③は欠番']);
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const preview = await t.must('scan.previewImport', { jobId, fileName: '簿冊一覧.xlsx', dataBase64: data }, token);
    expect(preview).toMatchObject({ encoding: 'xlsx', headerRow: 3, missingColumns: [], totalRows: 3, goodRows: 3, issues: [] });
    expect(preview.extraColumns).toEqual(['保存年限', '備考']);
    expect(preview.headers.map((h) => [h.letter, h.text, h.column])).toEqual([
      ['A', 'No.', 'volumeNo'],
      ['B', '簿冊名', 'title'],
      ['C', '予定頁数', 'expectedPages'],
      ['D', '年代', 'dcDate'],
      ['E', '保存年限', null],
      ['F', '備考', null],
    ]);
    expect(preview.sample[0]).toMatchObject({ line: 4, volumeNo: '1', expectedPages: 12, extra: { 保存年限: '永年', 備考: '㈱山田設計事務所 提出分' } });
    const result = await t.must('scan.commitImport', { jobId, fileName: '簿冊一覧.xlsx', dataBase64: data, goodOnly: false }, token);
    expect(result.imported).toBe(3);
    const rows = volumes(jobId);
    expect(rows.map((r) => [r.volume_no, r.title, r.expected_pages, r.dc_date])).toEqual([
      ['1', '建築確認申請書綴 第1冊', 12, '昭和45年度'],
      ['2', '建築確認申請書綴 第2冊', 40, '昭和46年度'],
      ['3', '㈲丸山測量 図面', 1204, '平成元年度'],
    ]);
    // As written: ㈱ and ① are not folded into (株) and 1.
    expect(JSON.parse(rows[0]!.extra!)).toEqual({ 保存年限: '永年', 備考: '㈱山田設計事務所 提出分' });
    expect(JSON.parse(rows[2]!.extra!)).toEqual({ 保存年限: '30年', 備考: '①〜③は欠番' });
  });

  it('reads the list from the sheet that holds it, after a cover sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const cover = wb.addWorksheet('表紙');
    cover.addRow(['保存文書デジタル化業務']);
    cover.addRow(['発注者', '塩尻市']);
    const hidden = wb.addWorksheet('作業用');
    hidden.state = 'hidden';
    hidden.addRow(['冊番号', '簿冊名', '頁数']);
    hidden.addRow(['H-1', '非表示の行', '1']);
    const list = wb.addWorksheet('一覧');
    list.addRow(['番号', '文書名', 'ページ数']);
    list.addRow(['L-1', '道路台帳 付図', '８']);
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const preview = await t.must('scan.previewImport', { jobId, fileName: 'book.xlsx', dataBase64: data }, token);
    expect(preview).toMatchObject({ sheet: '一覧', headerRow: 1, missingColumns: [], goodRows: 1 });
    expect(preview.sample[0]).toMatchObject({ volumeNo: 'L-1', title: '道路台帳 付図', expectedPages: 8 });
  });

  it('imports a CP932 CSV with 予定頁数 and a 備考 column, without an encoding hint', async () => {
    const csv = ['冊番号,簿冊名,棚番号,予定頁数,判型,備考', '101,髙橋家文書,K-1,３０,Ａ１,㈱髙橋 寄贈', '102,旧公図 大字洗馬,K-2,25,不定形,'].join('\r\n');
    const preview = await t.must('scan.previewImport', { jobId, fileName: 'list.csv', dataBase64: b64(iconv.encode(csv, 'cp932')) }, token);
    expect(preview).toMatchObject({ encoding: 'cp932', missingColumns: [], goodRows: 2, issues: [], extraColumns: ['備考'] });
    expect(preview.sample[0]).toMatchObject({ volumeNo: '101', title: '髙橋家文書', expectedPages: 30, format: 'A1', extra: { 備考: '㈱髙橋 寄贈' } });
    expect(preview.sample[1]!.extra).toEqual({});
  });

  it('a leader assigns unknown columns by hand; the next file from the same client maps itself', async () => {
    const csv = (rows: string[]) => b64(Buffer.from(`\uFEFF${['資料ID,資料の名称,撮影予定,担当課', ...rows].join('\r\n')}\r\n`, 'utf8'));
    const first = csv(['S-1,道路台帳 第1巻,120,建設課', 'S-2,道路台帳 第2巻,80,建設課']);
    const unknown = await t.must('scan.previewImport', { jobId, fileName: 'list.csv', dataBase64: first }, token);
    expect(unknown.missingColumns).toEqual(['volumeNo', 'title', 'expectedPages']);
    expect(unknown.issues).toEqual([]);
    const mapping = { [headerKey('資料ID')]: 'volumeNo', [headerKey('資料の名称')]: 'title', [headerKey('撮影予定')]: 'expectedPages' } as const;
    const mapped = await t.must('scan.previewImport', { jobId, fileName: 'list.csv', dataBase64: first, mapping }, token);
    expect(mapped).toMatchObject({ missingColumns: [], goodRows: 2, extraColumns: ['担当課'] });
    expect(mapped.headers.find((h) => h.text === '撮影予定')).toMatchObject({ column: 'expectedPages', source: 'mapping' });
    const done = await t.must('scan.commitImport', { jobId, fileName: 'list.csv', dataBase64: first, mapping, goodOnly: false }, token);
    expect(done.imported).toBe(2);
    expect(JSON.parse(volumes(jobId).find((v) => v.volume_no === 'S-1')!.extra!)).toEqual({ 担当課: '建設課' });

    // Another job for the same client: no mapping sent, the remembered one applies.
    const next = await t.must('scan.previewImport', { jobId: secondJob, fileName: 'list2.csv', dataBase64: csv(['T-1,道路台帳 第3巻,60,建設課']) }, token);
    expect(next).toMatchObject({ remembered: true, missingColumns: [], goodRows: 1 });
    // The remembered assignment travels as a synced registry row (one per client).
    const rows = t.app.services.store.sqlite.prepare('SELECT client_key, mapping FROM scan_import_mappings').all() as { client_key: string; mapping: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.client_key).toBe('塩尻市');
    expect(JSON.parse(rows[0]!.mapping)).toMatchObject(mapping);
  });

  it('a registered client is remembered by its id, whatever name its jobs carry', async () => {
    const clientId = newId();
    await t.must('people.saveClient', { id: clientId, name: '安曇野市', kind: 'municipality', active: true }, token);
    const [a, b] = [newId(), newId()];
    for (const [id, code] of [[a, 'AZUMINO-01'], [b, 'AZUMINO-02']] as const) {
      await t.must('people.saveJob', { id, code, name: '図面', clientName: '', clientId, kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
    }
    const file = b64(Buffer.from('\uFEFF管理記号,図面名,コマ数\r\nZ-1,配置図,4\r\n', 'utf8'));
    const mapping = { [headerKey('管理記号')]: 'volumeNo', [headerKey('図面名')]: 'title', [headerKey('コマ数')]: 'expectedPages' } as const;
    expect((await t.must('scan.commitImport', { jobId: a, fileName: 'a.csv', dataBase64: file, mapping, goodOnly: false }, token)).imported).toBe(1);
    expect(await t.must('scan.previewImport', { jobId: b, fileName: 'b.csv', dataBase64: file }, token)).toMatchObject({ remembered: true, missingColumns: [], goodRows: 1 });
    const keys = (t.app.services.store.sqlite.prepare('SELECT client_key FROM scan_import_mappings').pluck().all() as string[]).sort();
    expect(keys).toContain(`client:${clientId}`);
  });
});
