// Issue 13 #1 on the real app (real SQLite file): 「頁を登録」 sets the volume's total, so pressing it twice records 44
// pages, not 88; a total below what is registered is refused with the count; an explicit addition still adds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
let leader: string;

beforeAll(async () => {
  t = openTestApp({ demo: true });
  leader = (await t.must('auth.workerLogin', { code: 'W0001', pin: '1234' })).token;
}, 60_000);
afterAll(() => t.close());

describe('registering pages', () => {
  it('sets the total: twice the same total changes nothing; lower is refused; add adds', async () => {
    let v = await t.must('scan.lookup', { code: 'ARCHIVE-01-150' }, leader);
    const volumeId = v.volume.id;
    await t.must('scan.startStep', { volumeId, stepKey: 'receive' }, leader);
    await t.must('scan.moveOriginals', { volumeId, direction: 'in' }, leader);
    await t.must('scan.completeStep', { volumeId, stepKey: 'receive', fields: {} }, leader);
    v = await t.must('scan.registerPages', { volumeId, mode: 'total', count: 44 }, leader);
    expect(v.pageCount).toBe(44);
    v = await t.must('scan.registerPages', { volumeId, mode: 'total', count: 44 }, leader);
    expect(v.pageCount).toBe(44);
    const lower = await t.call('scan.registerPages', { volumeId, mode: 'total', count: 40 }, leader);
    expect(lower.ok).toBe(false);
    if (!lower.ok) expect(lower.error).toMatchObject({ messageKey: 'scan.errors.pagesBelowRegistered', params: { registered: 44, count: 40 } });
    v = await t.must('scan.registerPages', { volumeId, mode: 'total', count: 46 }, leader);
    expect(v.pageCount).toBe(46);
    v = await t.must('scan.registerPages', { volumeId, mode: 'add', count: 2 }, leader);
    expect(v.pageCount).toBe(48);
    const history = await t.must('scan.volume', { volumeId }, leader);
    expect(history.pageCount).toBe(48);
  });
});
