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

/**
 * Every command made on a device reached HQ exactly once: applied, rejected or held — never lost, never twice. Counted
 * by command id in HQ's own record (applied_commands), so a rejection answered again, a re-sent command under a fresh
 * identity or an HQ restart is never mistaken for a second application. The device side is every command it holds
 * acknowledged (its safety window): nothing is pruned within a schedule's simulated hours. A device restored from a
 * backup forgot what it did after that backup: HQ may hold more than the devices remember then, but never twice.
 */
export async function expectExactlyOnce(sim: Sim, options: { deviceRestored?: boolean } = {}): Promise<void> {
  const issued = new Set<string>();
  for (const d of sim.all()) {
    const { sqlite } = d.app.services.store;
    const last = (sqlite.prepare('SELECT last FROM outbox_seq WHERE id = 1').pluck().get() as number | undefined) ?? 0;
    const deviceId = sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string;
    const hqLast = (await sim.hq.db.all<{ last_seq: number }>('SELECT last_seq FROM devices WHERE device_id = ?', [deviceId]))[0].last_seq;
    expect(Number(hqLast), `${d.name} last seq at HQ`).toBe(last);
    expect(sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get(), `${d.name} queue`).toBe(0);
    for (const id of sqlite.prepare('SELECT id FROM sync_acked').pluck().all() as string[]) issued.add(id);
  }
  const outcomes = await sim.hq.db.all<{ command_id: string; n: number }>(
    `SELECT command_id, COUNT(*) AS n FROM applied_commands WHERE operator_id = ? AND outcome <> 'duplicate' GROUP BY command_id`,
    [sim.operatorId],
  );
  const twice = outcomes.filter((o) => Number(o.n) !== 1).map((o) => o.command_id);
  expect(twice, 'commands HQ applied more than once').toEqual([]);
  const atHq = new Set(outcomes.map((o) => o.command_id));
  expect([...issued].filter((id) => !atHq.has(id)), 'commands HQ never got').toEqual([]);
  // A device restored from a backup no longer knows what it did after that backup; HQ still does.
  if (!options.deviceRestored) expect([...atHq].filter((id) => !issued.has(id)), 'commands at HQ no device made').toEqual([]);
}
