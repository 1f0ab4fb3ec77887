// A loaned PC holds units its worker keys, but only home jobs' material (decision 0116): a unit whose batch is not on
// the PC is not offered (it could not be opened), and names come from the batch's own copy of its template.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
beforeAll(() => {
  t = openTestApp({ demo: true });
}, 60_000);
afterAll(() => t.close());

describe("a keyer's list on a PC without some jobs' material", () => {
  it('offers only units whose batch is here, with the template name from the batch', async () => {
    const w2 = (await t.must('auth.workerLogin', { code: 'W0002', pin: '1234' })).token;
    const before = await t.must('entry.myUnits', {}, w2);
    expect(before.length).toBeGreaterThan(1);
    const { sqlite } = t.app.services.store;
    const gone = before[0];
    // What a loaned PC looks like: no template registry, and one unit whose job's material is not held (its batch
    // is not here: the unit names a batch this store does not have).
    sqlite.prepare('DELETE FROM entry_templates').run();
    sqlite.prepare("UPDATE entry_units SET batch_id = '01900000-0000-7000-8000-000000000000' WHERE id = ?").run(gone.id);
    const after = await t.must('entry.myUnits', {}, w2);
    expect(after.map((u) => u.id).sort()).toEqual(before.filter((u) => u.id !== gone.id).map((u) => u.id).sort());
    expect(after.length).toBeGreaterThan(0);
    for (const u of after) expect(u.templateName).not.toBe('');
  });
});
