// Convergence and exactly-once checks shared by the simulation tests.
import { expect } from 'vitest';
import type { Sim } from './harness';

export async function expectConverged(sim: Sim): Promise<void> {
  for (const d of sim.all()) {
    const expected = await sim.expectedRows(d);
    const local = sim.localRows(d);
    expect(expected.size, `${d.name} expects rows`).toBeGreaterThan(0);
    expect([...local.keys()].sort(), `${d.name} row set`).toEqual([...expected.keys()].sort());
    for (const [key, row] of expected) {
      const tbl = key.split('/')[0];
      expect(sim.normalize(tbl, local.get(key)!), `${d.name} ${key}`).toBe(sim.normalize(tbl, row));
    }
    expect(d.agent.status().queued, `${d.name} queue`).toBe(0);
  }
}

/** Every command made on a device reached HQ exactly once: applied, rejected or held — never lost, never twice. */
export async function expectExactlyOnce(sim: Sim): Promise<void> {
  let issued = 0;
  for (const d of sim.all()) {
    const { sqlite } = d.app.services.store;
    const last = (sqlite.prepare('SELECT last FROM outbox_seq WHERE id = 1').pluck().get() as number | undefined) ?? 0;
    const deviceId = sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string;
    const hqLast = (await sim.hq.db.all<{ last_seq: number }>('SELECT last_seq FROM devices WHERE device_id = ?', [deviceId]))[0].last_seq;
    expect(Number(hqLast), `${d.name} last seq at HQ`).toBe(last);
    issued += last;
  }
  const counted = (await sim.hq.metrics.commands.get()).values.filter((v) => v.labels.status !== 'duplicate').reduce((n, v) => n + v.value, 0);
  expect(counted, 'applied + rejected + held').toBe(issued);
}
