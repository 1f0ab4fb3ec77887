// Data entry over sync: a batch made at one center, the two blind keyings of a unit made offline at two centers,
// submitted at the same time; HQ re-runs the rules, the unit ends `keyed` everywhere, the leader settles it.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { vehicleLogTemplate } from '../../src-shared/entry/builtin';
import { batchMismatches } from '../../src-main/entry/adjudicate';
import { expectConverged } from './checks';
import { Sim } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const row = { date: '2022-05-02', timeOut: '08:30', timeIn: '10:00', driver: '丸山', department: '総務課', destination: '県庁', purpose: '', odoOut: '1000', odoIn: '1030', notes: '', alcohol: '無', checker: '百瀬', detector: '使用' };

describe('entry through sync', () => {
  it('two blind keyings from two sites come together at HQ and converge', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const [a] = sim.all();
    const [leaderId, keyer1, keyer2] = sim.workers;
    const jobId = newId();
    const templateId = newId();
    const batchId = newId();
    const unitId = newId();
    const pageId = newId();
    a.app.services.bus.executeAll([
      { name: 'people.upsertJob', input: { id: jobId, code: 'VEH', name: '公用車', clientName: '市', kind: 'entry', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, actor: a.actor },
      { name: 'entry.saveTemplate', input: { id: templateId, code: 'VL', name: vehicleLogTemplate.name, kind: 'vehicle_log', def: vehicleLogTemplate.def, active: true }, actor: a.actor },
      {
        name: 'entry.createBatch',
        input: { id: batchId, jobId, templateId, code: 'B1', name: 'batch', doubleEntry: true, sources: [{ id: newId(), sha256: 'a'.repeat(64), fileName: 'p.png', mime: 'image/png', bytes: 10, pageIds: [pageId] }] },
        actor: a.actor,
      },
      { name: 'entry.saveUnits', input: { batchId, units: [{ id: unitId, label: 'U1', pageIds: [pageId], siteId: sim.siteA, keyer1Id: keyer1, keyer2Id: keyer2 }] }, actor: a.actor },
    ]);
    await sim.heal();

    // Both keyers work offline, each on their own site's PC, and submit before either has synced.
    a.fault = 'partition';
    b.fault = 'partition';
    const w1 = { role: 'worker' as const, staffId: null, workerId: keyer1 };
    const w2 = { role: 'worker' as const, staffId: null, workerId: keyer2 };
    a.app.services.bus.execute('entry.keyRow', { id: newId(), unitId, pageId, rowNo: 0, slot: 1, values: { vehicle: '松本300さ1001' } }, w1);
    a.app.services.bus.execute('entry.keyRow', { id: newId(), unitId, pageId, rowNo: 1, slot: 1, values: row }, w1);
    a.app.services.bus.execute('entry.submitKeying', { unitId, slot: 1 }, w1);
    b.app.services.bus.execute('entry.keyRow', { id: newId(), unitId, pageId, rowNo: 0, slot: 2, values: { vehicle: '松本300さ1001' } }, w2);
    b.app.services.bus.execute('entry.keyRow', { id: newId(), unitId, pageId, rowNo: 1, slot: 2, values: { ...row, odoIn: '1039' } }, w2);
    b.app.services.bus.execute('entry.submitKeying', { unitId, slot: 2 }, w2);
    await sim.heal();
    await sim.heal();

    const hqUnit = await sim.hq.db.all<{ data: string }>("SELECT data FROM entities WHERE tbl = 'entryUnits'");
    expect(JSON.parse(hqUnit[0].data)).toMatchObject({ status: 'keyed', submitted1: true, submitted2: true });
    const hqKeyings = await sim.hq.db.all<{ id: string }>("SELECT id FROM entities WHERE tbl = 'entryKeyings'");
    expect(hqKeyings).toHaveLength(4);
    await expectConverged(sim);

    // The leader (of site A) sees the mismatch from both sites' keyings at their PC and settles it; it reaches site B.
    expect(batchMismatches(a.app.services.store.db, batchId).list.map((m) => [m.field, m.first, m.second])).toEqual([['odoIn', '1030', '1039']]);
    const lead = { role: 'leader' as const, staffId: null, workerId: leaderId };
    a.app.services.bus.execute('entry.resolve', { unitId, items: [{ id: newId(), pageId, rowNo: 1, field: 'odoIn', value: '1030' }] }, lead);
    a.app.services.bus.execute('entry.review', { id: newId(), unitId, to: 'verified', note: '' }, lead);
    a.app.services.bus.execute('entry.review', { id: newId(), unitId, to: 'accepted', note: '' }, lead);
    await sim.heal();
    await sim.heal();
    const onB = b.app.services.store.sqlite.prepare("SELECT status FROM entry_units WHERE id = ?").get(unitId) as { status: string };
    expect(onB.status).toBe('accepted');
    expect(b.agent.status().rejections).toEqual([]);
    expect(a.agent.status().rejections).toEqual([]);
    await expectConverged(sim);
  });
});
