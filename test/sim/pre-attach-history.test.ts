// The operator's first PC works standalone before it attaches: its kiosk then punches every site's workers (the
// demo does exactly this). HQ takes that history as it came (decision 0123) and bounds only what the PC does after
// the attach: a punch for another site's worker is then refused and named on its sync screen.
import { afterEach, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { expectConverged } from './checks';
import { Sim } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

it("the first PC's pre-attach punches of a site-B worker land; its punches for them after the attach are refused", async () => {
  const siteB = newId();
  const workerB = newId();
  const before = newId();
  sim = await Sim.create({
    beforeAttach: (_sim, first) => {
      first.app.services.bus.execute('people.upsertSite', { id: siteB, code: 'B', name: 'Site B', kind: 'center', active: true }, first.actor);
      first.app.services.bus.execute(
        'people.upsertWorker',
        { id: workerB, code: 'W0100', familyName: '別拠', givenName: '点', familyNameKana: 'ベッキョ', givenNameKana: 'テン', role: 'worker', homeSiteId: siteB, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true },
        first.actor,
      );
      first.app.services.bus.execute('attendance.clockIn', { punchId: before, workerId: workerB, roomEntryId: newId(), jobId: null, stepKey: null }, { role: 'kiosk', staffId: null, workerId: workerB });
    },
  });
  const [a] = sim.all();
  await sim.heal();
  expect(a.agent.status().rejections).toEqual([]);
  expect((await sim.hq.db.all<{ id: string }>("SELECT id FROM entities WHERE tbl = 'punches'")).map((p) => p.id)).toEqual([before]);

  a.clock.advance(3_600_000);
  a.app.services.bus.execute('attendance.clockOut', { punchId: newId(), workerId: workerB }, { role: 'kiosk', staffId: null, workerId: workerB });
  await sim.heal();
  // The PC still holds the worker (and, from before the attach, their PIN), but its kiosk no longer signs them in.
  for (const call of [a.app.router.call('kiosk.identify', { code: 'W0100' }, null), a.app.router.call('kiosk.verifyPin', { workerId: workerB, pin: '1234' }, null)]) {
    const answer = await call;
    expect(answer.ok ? null : answer.error.messageKey).toBe('errors.workerOtherSite');
  }
  expect(a.agent.status().rejections.map((r) => [r.name, r.reason.messageKey])).toEqual([['attendance.clockOut', 'sync.errors.deviceCeiling']]);
  expect((await sim.hq.db.all<{ id: string }>("SELECT id FROM entities WHERE tbl = 'punches'")).map((p) => p.id)).toEqual([before]);
  // HQ recorded where the history ended, in its audit of the attach.
  const attached = await sim.hq.db.all<{ details: string }>("SELECT details FROM hq_audit WHERE action = 'operator.attached'");
  expect(JSON.parse(attached[0].details).historySeq).toBeGreaterThanOrEqual(4);
  await expectConverged(sim);
});
