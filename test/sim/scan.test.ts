// Scan steps over sync: two center PCs start the same volume's scan offline; HQ re-runs the workflow rule, keeps the
// first and rejects the second with the reason, and both PCs converge on HQ's state.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { expectConverged } from './checks';
import { Sim } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('scan station through sync', () => {
  it('refuses a second start of the same step at HQ and converges', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const [a] = sim.all();
    const [leaderId, worker1, worker2] = sim.workers;
    const lead = { role: 'leader' as const, staffId: null, workerId: leaderId };
    const jobId = newId();
    const volumeId = newId();
    a.app.services.bus.executeAll([
      { name: 'people.upsertJob', input: { id: jobId, code: 'ARC', name: '図面', clientName: '市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, actor: a.actor },
      { name: 'scan.addVolumes', input: { jobId, volumes: [{ id: volumeId, volumeNo: '001', title: '図面 1', shelfNo: '', expectedPages: 3, format: 'A0', restriction: 'none', dcDate: '' }] }, actor: a.actor },
      { name: 'scan.moveOriginals', input: { eventId: newId(), volumeId, direction: 'in' }, actor: lead },
      { name: 'scan.startStep', input: { eventId: newId(), volumeId, stepKey: 'receive', fields: {} }, actor: lead },
      { name: 'scan.completeStep', input: { eventId: newId(), volumeId, stepKey: 'receive', fields: {} }, actor: lead },
    ]);
    await sim.heal();
    expect(b.app.services.store.sqlite.prepare('SELECT step_key FROM scan_volume_states WHERE id = ?').pluck().get(volumeId)).toBe('scan');

    a.fault = 'partition';
    b.fault = 'partition';
    a.app.services.bus.execute('scan.startStep', { eventId: newId(), volumeId, stepKey: 'scan', fields: {} }, { role: 'worker', staffId: null, workerId: worker1 });
    b.app.services.bus.execute('scan.startStep', { eventId: newId(), volumeId, stepKey: 'scan', fields: {} }, { role: 'worker', staffId: null, workerId: worker2 });
    await sim.heal();
    await sim.heal();

    const hq = await sim.hq.db.all<{ data: string }>("SELECT data FROM entities WHERE tbl = 'scanVolumeStates'");
    const state = JSON.parse(hq[0].data) as { status: string; workerId: string };
    expect(state.status).toBe('in_progress');
    const rejections = [...a.agent.status().rejections, ...b.agent.status().rejections];
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ name: 'scan.startStep', reason: { messageKey: 'scan.errors.alreadyStarted' } });
    // The loser's local start was undone: both PCs show the winner at work.
    for (const d of [a, b]) expect(d.app.services.store.sqlite.prepare('SELECT worker_id FROM scan_volume_states WHERE id = ?').pluck().get(volumeId)).toBe(state.workerId);
    await expectConverged(sim);
  });

  it('a client’s remembered column assignment and a volume’s kept columns reach the other site', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const [a] = sim.all();
    const jobA = newId();
    const jobB = newId();
    const volumeId = newId();
    a.app.services.bus.executeAll([
      { name: 'people.upsertJob', input: { id: jobA, code: 'ROAD-1', name: '道路台帳', clientName: '塩尻市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, actor: a.actor },
      { name: 'people.upsertJob', input: { id: jobB, code: 'ROAD-2', name: '道路台帳 2', clientName: '塩尻市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, actor: a.actor },
      { name: 'scan.saveImportMapping', input: { id: newId(), jobId: jobA, mapping: { 資料id: 'volumeNo' } }, actor: a.actor },
      { name: 'scan.addVolumes', input: { jobId: jobA, volumes: [{ id: volumeId, volumeNo: 'R-1', title: '道路台帳 第1巻', shelfNo: '', expectedPages: 3, format: 'A0', restriction: 'none', dcDate: '', extra: { 備考: '㈱山田測量 作成' } }] }, actor: a.actor },
    ]);
    await sim.heal();
    const extra = b.app.services.store.sqlite.prepare('SELECT extra FROM scan_volumes WHERE id = ?').pluck().get(volumeId) as string;
    expect(JSON.parse(extra)).toEqual({ 備考: '㈱山田測量 作成' });
    // Offline, each site adds to the client's assignment; the rule merges into the one row HQ keeps.
    a.fault = 'partition';
    b.fault = 'partition';
    a.app.services.bus.execute('scan.saveImportMapping', { id: newId(), jobId: jobA, mapping: { 資料の名称: 'title' } }, a.actor);
    b.app.services.bus.execute('scan.saveImportMapping', { id: newId(), jobId: jobB, mapping: { 撮影予定: 'expectedPages' } }, b.actor);
    await sim.heal();
    await sim.heal();
    const hq = await sim.hq.db.all<{ data: string }>("SELECT data FROM entities WHERE tbl = 'scanImportMappings'");
    expect(hq).toHaveLength(1);
    expect(JSON.parse(hq[0]!.data).mapping).toEqual({ 資料id: 'volumeNo', 資料の名称: 'title', 撮影予定: 'expectedPages' });
    await expectConverged(sim);
  });
});
