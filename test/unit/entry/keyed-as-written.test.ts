// Issue 12 #3 and #7 over the real router and a real SQLite file: what was keyed is what is kept and exported
// (① stays ①, ㈱ stays ㈱), while double entry compares the folded form and typed values are read as offices write them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kanaSchema } from '../../../src-shared/people/schemas';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
let leader: string;

beforeAll(async () => {
  t = openTestApp({ demo: true });
  leader = (await t.must('auth.workerLogin', { code: 'W0001', pin: '1234' })).token;
}, 60_000);
afterAll(() => t.close());

const header = { vehicle: '松本300さ1001', ownerDepartment: '総務課' };
const row = { date: '2022-04-04', timeOut: '08:30', timeIn: '10:15', driver: '丸山', department: '総務課', destination: '県庁', purpose: '会議出席', odoOut: '20000', odoIn: '20041', notes: '①㈱マツモト 申請', alcohol: '無', checker: '百瀬', detector: '使用' };

describe('keyed text as written', () => {
  it('keeps ① and ㈱ through double entry, adjudication and export; compares the folded form', async () => {
    const w2 = (await t.must('auth.workerLogin', { code: 'W0002', pin: '1234' })).token;
    // A worker code and PIN typed with the IME on (or by a badge scanner in full-width mode) sign in as the same worker.
    const w3 = (await t.must('auth.workerLogin', { code: 'Ｗ０００３', pin: '１２３４' })).token;
    const unit = (await t.must('entry.myUnits', {}, w2)).find((u) => u.label === 'VEHICLE-01-000')!;
    const pageId = (await t.must('entry.openUnit', { unitId: unit.id }, w2)).pages[0].id;
    await t.must('entry.keyRow', { unitId: unit.id, slot: 1, pageId, rowNo: 0, values: header }, w2);
    await t.must('entry.keyRow', { unitId: unit.id, slot: 1, pageId, rowNo: 1, values: row }, w2);
    await t.must('entry.submitKeying', { unitId: unit.id, slot: 1 }, w2);
    // The second keyer types the same paper differently: 和暦, full-width digits and commas, ASCII for ①.
    const second = { ...row, date: '令和4年4月4日', odoOut: '２０，０００', timeOut: '０８３０', notes: '1(株)マツモト 申請' };
    await t.must('entry.keyRow', { unitId: unit.id, slot: 2, pageId, rowNo: 0, values: header }, w3);
    await t.must('entry.keyRow', { unitId: unit.id, slot: 2, pageId, rowNo: 1, values: second }, w3);
    await t.must('entry.submitKeying', { unitId: unit.id, slot: 2 }, w3);

    // What each keyer keyed is stored exactly (no NFKC on save).
    const reopened = await t.must('entry.openUnit', { unitId: unit.id }, w2);
    expect(reopened.rows[`${pageId}:1`].notes).toBe('①㈱マツモト 申請');

    const cmp = await t.must('entry.compare', { unitId: unit.id }, leader);
    expect(cmp.comparison.mismatches).toEqual([]);
    await t.must('entry.review', { unitId: unit.id, to: 'verified', note: '' }, leader);
    await t.must('entry.review', { unitId: unit.id, to: 'accepted', note: '' }, leader);
    const csv = await t.must('entry.export', { batchId: unit.batchId, format: 'csv', acceptedOnly: true }, leader);
    const text = Buffer.from(csv.base64, 'base64').subarray(3).toString('utf8');
    expect(text).toContain('2022/04/04,08:30,10:15,丸山,総務課,県庁,会議出席,20000,20041,①㈱マツモト 申請');
    expect(text).not.toContain('1(株)');
  });

  it('still refuses a wrong PIN typed in full width', async () => {
    const w4 = (await t.must('auth.workerLogin', { code: 'W0004', pin: '1234' })).token;
    const units = await t.must('entry.myUnits', {}, w4);
    expect(units.length).toBeGreaterThan(0);
    const bad = await t.call('auth.workerLogin', { code: 'Ｗ０００４', pin: '１２３５' });
    expect(bad.ok).toBe(false);
  });
});

describe('furigana as typed', () => {
  it('stores katakana whether typed in hiragana or half-width kana, and refuses kanji', () => {
    expect(kanaSchema.parse('まるやま')).toBe('マルヤマ');
    expect(kanaSchema.parse('ﾏﾙﾔﾏ')).toBe('マルヤマ');
    expect(kanaSchema.safeParse('丸山').success).toBe(false);
  });
});
