// The plain path without faults: bootstrap, enroll a center PC of another site and a loaned PC, converge.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { revokeDevice } from '../../src-server/admin/enrollment';
import { DAY, Sim } from './harness';
import { expectConverged as converged } from './checks';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function expectConverged(s: Sim): Promise<void> {
  for (const d of s.all()) {
    const expected = await s.expectedRows(d);
    const local = s.localRows(d);
    expect([...local.keys()].sort(), `${d.name} row set`).toEqual([...expected.keys()].sort());
    for (const [key, row] of expected) {
      const tbl = key.split('/')[0];
      expect(s.normalize(tbl, local.get(key)!), `${d.name} ${key}`).toBe(s.normalize(tbl, row));
    }
    expect(d.agent.status().queued, `${d.name} queue`).toBe(0);
  }
}

describe('sync without faults', () => {
  it('brings every device to what HQ says it should hold', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const loaned = await sim.addDevice('loaned', { kind: 'loaned', workerId: sim.workers[1] });
    const [d0] = sim.all();
    d0.app.services.bus.execute('audit.record', { id: newId(), action: 'sim', targetId: null, details: {} }, d0.actor);
    b.app.services.bus.execute('audit.record', { id: newId(), action: 'sim.b', targetId: null, details: {} }, b.actor);
    loaned.app.services.bus.execute('audit.record', { id: newId(), action: 'sim.loaned', targetId: null, details: {} }, loaned.actor);
    await sim.heal();
    await expectConverged(sim);
    // The loaned PC holds only its worker (and the operator row), never the other workers.
    const keys = [...sim.localRows(loaned).keys()];
    expect(keys.filter((k) => k.startsWith('workers/'))).toEqual([`workers/${sim.workers[1]}`]);
    expect(keys.some((k) => k.startsWith('auditLog/'))).toBe(false);
    expect(b.agent.status().lastSyncAt).not.toBeNull();
  });

  it('measures a device clock a day ahead, shows it and stores it at HQ, and keeps syncing', async () => {
    sim = await Sim.create();
    const skewed = await sim.addDevice('ahead', { kind: 'center', siteId: sim.siteA }, { skewMs: DAY });
    skewed.app.services.bus.execute('audit.record', { id: newId(), action: 'x', targetId: null, details: {} }, skewed.actor);
    await skewed.agent.runOnce();
    await skewed.agent.runOnce();
    const status = skewed.agent.status();
    expect(status.clockWarning).toBe(true);
    expect(Math.abs(status.clockOffsetMs! + DAY)).toBeLessThan(60_000);
    expect(status.queued).toBe(0);
    const deviceId = skewed.app.services.store.sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string;
    const [row] = await sim.hq.db.all<{ clock_offset_ms: number }>('SELECT clock_offset_ms FROM devices WHERE device_id = ?', [deviceId]);
    expect(Math.abs(Number(row.clock_offset_ms) + DAY)).toBeLessThan(60_000);
  });

  it('a corrupted local bucket is noticed by the full check at the next start and fetched again alone', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const { sqlite } = b.app.services.store;
    // Lose one pulled row behind the agent's back, then the app is started again (the full check runs at start).
    const victim = sqlite.prepare("SELECT row_id FROM sync_members WHERE tbl = 'workers' LIMIT 1").pluck().get() as string;
    sqlite.prepare('DELETE FROM workers WHERE id = ?').run(victim);
    sqlite.prepare("DELETE FROM sync_members WHERE tbl = 'workers' AND row_id = ?").run(victim);
    sim.kill(b);
    const [d0] = sim.all();
    d0.app.services.bus.execute('audit.record', { id: newId(), action: 'poke', targetId: null, details: {} }, d0.actor);
    await sim.heal();
    await converged(sim);
  });

  it('a revoked device wipes its synced data but keeps and shows its unsent changes', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const deviceId = b.app.services.store.sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string;
    await revokeDevice(sim.hq.db, sim.operatorId, deviceId, sim.hqClock.now());
    b.app.services.bus.execute('audit.record', { id: newId(), action: 'offline', targetId: null, details: {} }, b.actor);
    await b.agent.runOnce();
    const status = b.agent.status();
    expect(status.state).toBe('revoked');
    expect(status.queued).toBe(1);
    expect(sim.localRows(b).size).toBe(0);
    expect(b.app.services.store.sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(1);
    // Nothing more reaches it, and it stops trying.
    await b.agent.runOnce();
    expect(sim.localRows(b).size).toBe(0);
  });
});
