// Attendance over sync: punches re-run at HQ under the same rules; a worker clocked in on two offline center PCs
// gets one clock-in accepted and the other rejected with a reason the second device shows.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { expectConverged } from './checks';
import { Sim } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('attendance through sync', () => {
  it('a double clock-in made offline on two centers: HQ keeps the first, rejects the second, all converge', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const [a] = sim.all();
    const jobId = newId();
    a.app.services.bus.execute(
      'people.upsertJob',
      { id: jobId, code: 'J1', name: '案件', clientName: '', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null },
      a.actor,
    );
    await sim.heal();
    const workerId = sim.workers[1];
    const kiosk = { role: 'kiosk' as const, staffId: null, workerId };
    a.fault = 'partition';
    b.fault = 'partition';
    const first = newId();
    a.app.services.bus.execute('attendance.clockIn', { punchId: first, workerId, roomEntryId: newId(), jobId, stepKey: 'scan' }, kiosk);
    b.clock.advance(60_000);
    b.app.services.bus.execute('attendance.clockIn', { punchId: newId(), workerId, roomEntryId: newId(), jobId, stepKey: 'scan' }, kiosk);
    await sim.heal();

    const status = b.agent.status();
    expect(status.rejections.map((r) => [r.name, r.reason.messageKey])).toEqual([['attendance.clockIn', 'attendance.errors.alreadyIn']]);
    const hqPunches = await sim.hq.db.all<{ id: string }>("SELECT id FROM entities WHERE tbl = 'punches'");
    expect(hqPunches.map((p) => p.id)).toEqual([first]);
    await expectConverged(sim);
  });
});
