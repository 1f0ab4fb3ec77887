// A form without page-header fields (issue 12 #6): its pages have no header to key, so submitting does not wait for one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/core/ids';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = openTestApp({ demo: true });
  admin = (await t.must('auth.login', { loginId: 'admin', password: 'tomoni-demo' })).token;
}, 60_000);
afterAll(() => t.close());

const svg = (n: number) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><text x="10" y="50">page ${n}</text></svg>`).toString('base64');

describe('a template without header fields', () => {
  it('is keyed and submitted with rows only', async () => {
    const template = await t.must(
      'entry.saveTemplate',
      {
        id: newId(),
        code: 'SURVEY-NOHEAD',
        name: 'アンケート（見出しなし）',
        kind: 'generic',
        active: true,
        def: { header: [], row: [{ key: 'answer', label: '回答', type: 'text', required: true, maxLength: 100 }], rowsPerPage: 5, rules: [] },
      },
      admin,
    );
    const jobId = (await t.must('entry.listBatches', {}, admin)).find((b) => b.code === 'VEHICLE-01')!.jobId;
    const batch = await t.must('entry.createBatch', { jobId, templateId: template.id, code: 'NOHEAD-01', name: '見出しなし', doubleEntry: false, files: [1, 2].map((n) => ({ fileName: `p${n}.svg`, base64: svg(n) })) }, admin);
    const detail = await t.must('entry.splitUnits', { batchId: batch.id, pagesPerUnit: 2, assignees: [{ siteId: null, keyer1Id: null, keyer2Id: null }] }, admin);
    const unit = detail.units[0]!;
    const opened = await t.must('entry.openUnit', { unitId: unit.id, slot: 1 }, admin);
    expect(opened.pages).toHaveLength(2);
    await t.must('entry.keyRow', { unitId: unit.id, slot: 1, pageId: opened.pages[0]!.id, rowNo: 1, values: { answer: 'はい' } }, admin);
    await t.must('entry.keyRow', { unitId: unit.id, slot: 1, pageId: opened.pages[1]!.id, rowNo: 1, values: { answer: 'いいえ' } }, admin);
    const submitted = await t.must('entry.submitKeying', { unitId: unit.id, slot: 1 }, admin);
    expect(submitted.status).toBe('keyed');
  });

  it('a form with header fields still needs every page header', async () => {
    const vehicle = (await t.must('entry.listBatches', {}, admin)).find((b) => b.code === 'VEHICLE-01')!;
    const open = (await t.must('entry.batchDetail', { batchId: vehicle.id }, admin)).units.find((u) => u.status === 'open')!;
    const refused = await t.call('entry.submitKeying', { unitId: open.id, slot: 1 }, admin);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.messageKey).toBe('entry.errors.pageNotKeyed');
  });
});
