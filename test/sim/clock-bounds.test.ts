// Issue 9, reproductions 6 and 10 (decision 0065): HLCs merge on every pull, HQ bounds HLCs and event times by its own
// clock plus a tolerance, and a punch from a PC whose clock was far off is flagged instead of inflating worked time.
import { afterEach, describe, expect, it } from 'vitest';
import { workerWorklog } from '../../src-main/attendance/punch-store';
import { newId } from '../../src-shared/core/ids';
import { expectConverged } from './checks';
import { Sim } from './harness';

const HOUR = 3_600_000;
let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const credentialHash = async (s: Sim, workerId: string) => {
  const [row] = await s.hq.db.all<{ data: string }>("SELECT data FROM entities WHERE tbl = 'credentials' AND id = ?", [workerId]);
  return (JSON.parse(row.data) as { hash: string }).hash;
};

describe('clocks that lie', () => {
  it('a loaned PC setting its PIN with a 2099 clock does not capture the field: the admin reset still wins', async () => {
    sim = await Sim.create();
    const [admin] = sim.all();
    const workerId = sim.workers[1];
    const loaned = await sim.addDevice('loaned', { kind: 'loaned', workerId }, { skewMs: Date.UTC(2099, 0, 1) - sim.hqClock.now() });
    loaned.app.services.bus.execute('people.setCredential', { id: workerId, subjectType: 'worker', kind: 'pin', hash: `scrypt$${'l'.repeat(24)}` }, loaned.actor);
    await sim.heal();
    sim.hqClock.advance(60_000);
    admin.clock.advance(60_000);
    admin.app.services.bus.execute('people.setCredential', { id: workerId, subjectType: 'worker', kind: 'pin', hash: `scrypt$${'a'.repeat(24)}` }, admin.actor);
    await sim.heal();
    expect(await credentialHash(sim, workerId)).toBe(`scrypt$${'a'.repeat(24)}`);
    // The loaned PC shows why: its clock is reported as far off.
    expect(loaned.agent.status().clockWarning).toBe(true);
    await expectConverged(sim);
  });

  it('an edit made after receiving another PC edit wins even on a PC whose clock is 9 h behind', async () => {
    sim = await Sim.create();
    const [ahead] = sim.all();
    const behind = await sim.addDevice('behind', { kind: 'center', siteId: sim.siteA }, { skewMs: -9 * HOUR });
    const workerId = sim.workers[1];
    const setPin = (d: typeof ahead, c: string) => d.app.services.bus.execute('people.setCredential', { id: workerId, subjectType: 'worker', kind: 'pin', hash: `scrypt$${c.repeat(24)}` }, d.actor);
    setPin(ahead, 'x');
    await ahead.agent.runOnce();
    await behind.agent.runOnce();
    behind.clock.advance(2000);
    setPin(behind, 'y');
    await sim.heal();
    expect(await credentialHash(sim, workerId)).toBe(`scrypt$${'y'.repeat(24)}`);
    await expectConverged(sim);
  });

  it('a clock-in on a PC 9 h behind and a clock-out elsewhere 60 s later are flagged, not 541 minutes', async () => {
    sim = await Sim.create();
    const [good] = sim.all();
    const behind = await sim.addDevice('behind', { kind: 'center', siteId: sim.siteA }, { skewMs: -9 * HOUR });
    await behind.agent.runOnce(); // HQ measures its clock offset
    const workerId = sim.workers[1];
    const kiosk = { role: 'kiosk' as const, staffId: null, workerId };
    behind.app.services.bus.execute('attendance.clockIn', { punchId: newId(), workerId, roomEntryId: newId(), jobId: null, stepKey: null }, kiosk);
    await sim.heal();
    for (const d of sim.all()) d.clock.advance(60_000);
    sim.hqClock.advance(60_000);
    good.app.services.bus.execute('attendance.clockOut', { punchId: newId(), workerId }, kiosk);
    await sim.heal();
    for (const d of [good, behind]) {
      const log = workerWorklog(d.app.services.store, workerId, d.clock.now());
      const worked = log.intervals.filter((i) => i.kind === 'work').reduce((n, i) => n + i.ms, 0);
      expect(worked, d.name).toBeLessThan(HOUR);
      expect(log.issues.map((i) => i.kind), d.name).toContain('clockOff');
    }
    await expectConverged(sim);
  });
});
