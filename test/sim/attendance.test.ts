// Attendance over sync: punches re-run at HQ under the same rules; a worker clocked in on two offline center PCs
// gets one clock-in accepted and the other rejected with a reason the second device shows. Reviews (corrections,
// voids, submissions) of a site-B worker reach site B's PC and the worker's loaned PC, never site A's.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { jstDate, jstMonth } from '../../src-shared/core/time';
import { expectConverged } from './checks';
import { Sim, type SimDevice } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('attendance through sync', () => {
  it('a double clock-in made offline at two kiosks of the site: HQ keeps the first, rejects the second, all converge', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteA2', { kind: 'center', siteId: sim.siteA });
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

  it("a site-B worker's correction, void and month stay off site A's PC, which may not act for them", async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const [a] = sim.all();
    const workerId = sim.workers[2]; // home site B
    const loaned = await sim.addDevice('loaned3', { kind: 'loaned', workerId });
    await sim.heal();
    const self = { role: 'worker' as const, staffId: null, workerId };
    const kiosk = { role: 'kiosk' as const, staffId: null, workerId };
    const outId = newId();
    b.app.services.bus.execute('attendance.clockIn', { punchId: newId(), workerId, roomEntryId: newId(), jobId: null, stepKey: null }, kiosk);
    const inAt = b.clock.now();
    // HQ's clock runs on with the PC's: HQ bounds times beyond its own clock (decision 0065).
    const advance = (ms: number) => {
      b.clock.advance(ms);
      sim!.hqClock.advance(ms);
    };
    advance(60 * 60_000);
    b.app.services.bus.execute('attendance.clockOut', { punchId: outId, workerId }, kiosk);
    advance(60_000);
    const correctionId = newId();
    const items = [{ kind: 'void', punchId: outId }, { kind: 'add', punchKind: 'out', at: inAt + 30 * 60_000, jobId: null, stepKey: null }];
    b.app.services.bus.execute('attendance.requestCorrection', { id: correctionId, workerId, date: jstDate(inAt), items, reason: '早退' }, self);
    advance(60_000);
    b.app.services.bus.execute('attendance.reviewCorrection', { id: correctionId, decision: 'approve', comment: '', newIds: [newId(), newId()] }, b.actor);
    // The worker submits the month from home: the submission belongs to their home site B (decision 0053).
    const month = jstMonth(a.clock.now());
    loaned.app.services.bus.execute('attendance.submitMonth', { id: newId(), workerId, month }, self);
    // Site A's PC cannot act for a site-B worker (decision 0123: their PIN is not there, and HQ refuses it too).
    a.app.services.bus.execute('attendance.clockIn', { punchId: newId(), workerId, roomEntryId: newId(), jobId: null, stepKey: null }, kiosk);
    await sim.heal();

    expect(a.agent.status().rejections.map((r) => [r.name, r.reason.messageKey])).toEqual([['attendance.clockIn', 'sync.errors.deviceCeiling']]);
    expect(held(sim, a)).toEqual({ corrections: 0, punchVoids: 0, timesheetSubmissions: 0 });
    expect(held(sim, b)).toEqual({ corrections: 1, punchVoids: 1, timesheetSubmissions: 1 });
    expect(held(sim, loaned)).toEqual({ corrections: 1, punchVoids: 1, timesheetSubmissions: 1 });
    // Submitting again from the loaned PC is refused there at once: the month is already submitted.
    expect(() => loaned.app.services.bus.execute('attendance.submitMonth', { id: newId(), workerId, month }, self)).toThrow();
    // Site B's reviewers see the approved request on their own screen; site A's see nothing of it.
    const list = (d: SimDevice) => d.app.services.store.sqlite.prepare('SELECT id, site_id FROM corrections').all();
    expect(list(b)).toEqual([{ id: correctionId, site_id: sim.siteB }]);
    expect(list(a)).toEqual([]);
    await expectConverged(sim);
  });
});

/** How many review rows of each table a device holds. */
function held(s: Sim, d: SimDevice): Record<string, number> {
  const keys = [...s.localRows(d).keys()];
  return Object.fromEntries(['corrections', 'punchVoids', 'timesheetSubmissions'].map((t) => [t, keys.filter((k) => k.startsWith(`${t}/`)).length]));
}
