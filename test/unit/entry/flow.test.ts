// The core path over the real router and a real SQLite file: blind double entry of one logbook page, leader
// adjudication, review and export — plus the refusals that keep keyers blind.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
let leaderToken: string;
const tokens: Record<string, string> = {};

async function workerToken(code: string): Promise<string> {
  tokens[code] ??= (await t.must('auth.workerLogin', { code, pin: '1234' })).token;
  return tokens[code];
}

const header = { vehicle: '松本300さ1001', ownerDepartment: '総務課' };
const row1 = { date: '2022-04-04', timeOut: '0830', timeIn: '1015', driver: '丸山', department: '総務課', destination: '県庁', purpose: '会議出席', odoOut: '20000', odoIn: '20041', notes: '', alcohol: '無', checker: '百瀬', detector: '使用' };

beforeAll(async () => {
  t = openTestApp({ demo: true });
  leaderToken = (await t.must('auth.workerLogin', { code: 'W0001', pin: '1234' })).token;
}, 60_000);
afterAll(() => t.close());

describe('demo data', () => {
  it('holds the two pilot batches with their real sizes', async () => {
    const batches = await t.must('entry.listBatches', {}, leaderToken);
    const vehicle = batches.find((b) => b.code === 'VEHICLE-01')!;
    const struct = batches.find((b) => b.code === 'STRUCT-01')!;
    expect(vehicle.pages).toBe(111 * 12);
    expect(struct.pages).toBe((16 + 29 + 22 + 34) * 8);
    expect(vehicle.byStatus.accepted).toBeGreaterThan(0);
    expect(vehicle.byStatus.keyed).toBeGreaterThan(0);
  });
});

describe('blind double entry of one page', () => {
  it('keys, stays blind, compares, resolves, verifies, accepts and exports', async () => {
    const w2 = await workerToken('W0002');
    const w3 = await workerToken('W0003');
    const trial = (await t.must('entry.myUnits', {}, w2)).find((u) => u.label === 'VEHICLE-01-000')!;
    expect(trial.slot).toBe(1);
    const opened = await t.must('entry.openUnit', { unitId: trial.id }, w2);
    const pageId = opened.pages[0].id;

    // A draft survives a "crash": it is there when the unit is opened again, before any commit.
    await t.must('entry.saveDraft', { unitId: trial.id, slot: 1, pageId, rowNo: 1, values: { driver: '丸' } }, w2);
    const reopened = await t.must('entry.openUnit', { unitId: trial.id }, w2);
    expect(reopened.rows[`${pageId}:1`]).toEqual({ driver: '丸' });
    expect(reopened.draftKeys).toEqual([`${pageId}:1`]);

    await t.must('entry.keyRow', { unitId: trial.id, slot: 1, pageId, rowNo: 0, values: header }, w2);
    const committed = await t.must('entry.keyRow', { unitId: trial.id, slot: 1, pageId, rowNo: 1, values: row1 }, w2);
    expect(committed.issues).toEqual([]);
    await t.must('entry.submitKeying', { unitId: trial.id, slot: 1 }, w2);

    // The second keyer cannot read the first keying, by asking for it or by default.
    const denied = await t.call('entry.openUnit', { unitId: trial.id, slot: 1 }, w3);
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error.messageKey).toBe('entry.errors.notYourUnit');
    const second = await t.must('entry.openUnit', { unitId: trial.id }, w3);
    expect(second.slot).toBe(2);
    expect(second.rows).toEqual({});
    // A keyer who is not on the unit cannot key it either.
    const w4 = await workerToken('W0004');
    const stranger = await t.call('entry.keyRow', { unitId: trial.id, slot: 2, pageId, rowNo: 0, values: header }, w4);
    expect(stranger.ok).toBe(false);

    await t.must('entry.keyRow', { unitId: trial.id, slot: 2, pageId, rowNo: 0, values: header }, w3);
    await t.must('entry.keyRow', { unitId: trial.id, slot: 2, pageId, rowNo: 1, values: { ...row1, timeOut: '08:30', odoIn: '20047', destination: '県庁 ' } }, w3);
    await t.must('entry.submitKeying', { unitId: trial.id, slot: 2 }, w3);

    const cmp = await t.must('entry.compare', { unitId: trial.id }, leaderToken);
    expect(cmp.unit.status).toBe('keyed');
    // 0830 vs 08:30 and a trailing blank are typing, not content: only the odometer differs.
    expect(cmp.comparison.mismatches).toEqual([{ key: `${pageId}:1`, field: 'odoIn', first: '20041', second: '20047' }]);

    const early = await t.call('entry.review', { unitId: trial.id, to: 'verified', note: '' }, leaderToken);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.messageKey).toBe('entry.errors.unresolved');

    await t.must('entry.resolve', { unitId: trial.id, items: [{ pageId, rowNo: 1, field: 'odoIn', value: '20041' }] }, leaderToken);
    await t.must('entry.review', { unitId: trial.id, to: 'verified', note: '' }, leaderToken);
    const done = await t.must('entry.review', { unitId: trial.id, to: 'accepted', note: '' }, leaderToken);
    expect(done.status).toBe('accepted');
    // An accepted unit is closed to keying.
    const late = await t.call('entry.keyRow', { unitId: trial.id, slot: 1, pageId, rowNo: 2, values: row1 }, w2);
    expect(late.ok).toBe(false);

    // Payment counts accepted work: both blind keyers are credited for the unit, in the month it was accepted.
    const month = new Date(t.clock.now() + 9 * 3600_000).toISOString().slice(0, 7);
    const work = await t.must('entry.acceptedWork', { month }, leaderToken);
    const credited = work.filter((l) => l.batchId === trial.batchId && (l.workerName.startsWith('W0002') || l.workerName.startsWith('W0003')));
    // W0002 has only the trial unit (one row keyed); W0003 also keyed demo units accepted this month.
    expect(credited.map((l) => [l.workerName.slice(0, 5), l.units, l.records])).toEqual([
      ['W0002', 1, 1],
      ['W0003', credited[1].units, credited[1].records],
    ]);
    expect(credited[1].units).toBeGreaterThan(1);

    const quality = await t.must('entry.quality', { batchId: trial.batchId }, leaderToken);
    const w3line = quality.byWorker.find((l) => l.name.startsWith('W0003'))!;
    expect(w3line.agreed).toBe(w3line.compared - 1);

    const csv = await t.must('entry.export', { batchId: trial.batchId, format: 'csv', acceptedOnly: true }, leaderToken);
    const bytes = Buffer.from(csv.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('VEHICLE-01-000,1,1,松本300さ1001,総務課,2022/04/04,08:30,10:15,丸山,総務課,県庁,会議出席,20000,20041');

    const sjis = await t.must('entry.export', { batchId: trial.batchId, format: 'csv-cp932', acceptedOnly: true }, leaderToken);
    expect(iconv.decode(Buffer.from(sjis.base64, 'base64'), 'cp932')).toContain('松本300さ1001');
    // Keyed client data leaving the app is audited, once per file.
    const audited = t.app.services.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'entry.export' AND target_id = ?").all(trial.batchId) as { details: string }[];
    expect(audited.map((a) => JSON.parse(a.details).format)).toEqual(['csv', 'csv-cp932']);
  });

  it('refuses to send back without a note and to skip states', async () => {
    const units = await t.must('entry.batchDetail', { batchId: (await t.must('entry.listBatches', {}, leaderToken)).find((b) => b.code === 'VEHICLE-01')!.id }, leaderToken);
    const keyed = units.units.find((u) => u.status === 'keyed' && !u.doubleEntry)!;
    const noNote = await t.call('entry.review', { unitId: keyed.id, to: 'sent_back', note: '' }, leaderToken);
    expect(noNote.ok).toBe(false);
    const skip = await t.call('entry.review', { unitId: keyed.id, to: 'accepted', note: '' }, leaderToken);
    expect(skip.ok).toBe(false);
    if (!skip.ok) expect(skip.error.messageKey).toBe('entry.errors.badTransition');
    const back = await t.must('entry.review', { unitId: keyed.id, to: 'sent_back', note: '3 ページ目の日付を確認' }, leaderToken);
    expect(back.status).toBe('sent_back');
    expect(back.submitted1).toBe(false);
  });

  it('builds the vehicle report from the keyed logbooks', async () => {
    const vehicle = (await t.must('entry.listBatches', {}, leaderToken)).find((b) => b.code === 'VEHICLE-01')!;
    const report = await t.must('entry.report', { batchId: vehicle.id, acceptedOnly: false }, leaderToken);
    expect(report.records).toBeGreaterThan(100);
    expect(report.report.byMonth.map((m) => m.month)).toContain('2022-04');
    expect(report.uncoveredMonths).toEqual([]);
    const pdf = await t.must('entry.reportExport', { batchId: vehicle.id, acceptedOnly: false, format: 'pdf' }, leaderToken);
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('templates', () => {
  it('refuses a contradictory template and keeps each batch on the template it was made with', async () => {
    const admin = (await t.must('auth.login', { loginId: 'admin', password: 'tomoni-demo' })).token;
    const vehicle = (await t.must('entry.listTemplates', {}, admin)).find((x) => x.code === 'VEHICLE-LOG')!;
    const bad = structuredClone(vehicle);
    bad.def.row.find((f) => f.key === 'odoOut')!.min = 10_000_000;
    const refused = await t.call('entry.saveTemplate', bad, admin);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'rejected', messageKey: 'entry.template.minOverMax' });

    const longer = { ...structuredClone(vehicle), def: { ...vehicle.def, rowsPerPage: 12 } };
    await t.must('entry.saveTemplate', longer, admin);
    const w2 = await workerToken('W0002');
    const unit = (await t.must('entry.myUnits', {}, w2)).find((u) => u.label === 'VEHICLE-01-001')!;
    expect((await t.must('entry.openUnit', { unitId: unit.id }, w2)).template.def.rowsPerPage).toBe(10);
  });
});
