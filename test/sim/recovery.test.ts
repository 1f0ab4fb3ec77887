// Every way a device and HQ can disagree ends in recovery, never in loss or a wedge (DESIGN.md rule 3a, replica.ts,
// decision 0067): a device restored from its own backup (reproduction 2), HQ restored from last night's backup (the
// device re-sends from its safety window), HQ restored from a backup older than the window (a lasting seq_gap), and a
// re-attach whose answer was lost. Each ends converged with every command at HQ exactly once, and the sync screen says
// what happened.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { Sim, type SimDevice } from './harness';
import { expectConverged, expectExactlyOnce } from './checks';

function note(d: SimDevice, text: string): string {
  const id = newId();
  d.app.services.bus.execute('audit.record', { id, action: text, targetId: null, details: { text } }, d.actor);
  return id;
}

async function atHq(sim: Sim, id: string): Promise<boolean> {
  return (await sim.hq.db.all('SELECT 1 AS x FROM entities WHERE tbl = ? AND id = ?', ['auditLog', id])).length === 1;
}

describe('recovery from every disagreement', () => {
  let sim: Sim;
  afterEach(async () => {
    await sim.close();
  });

  it('a PC restored from its own backup: its next punch reaches HQ (HQ answers diverged, the PC re-attaches)', async () => {
    sim = await Sim.create();
    const pc = await sim.addDevice('pc', { kind: 'center', siteId: sim.siteA });
    const backup = sim.backupDevice(pc);
    const before = [note(pc, 'after-backup-1'), note(pc, 'after-backup-2')];
    await pc.agent.runOnce();
    for (const id of before) expect(await atHq(sim, id)).toBe(true);
    const oldId = pc.app.services.store.sqlite.prepare('SELECT device_id FROM device_info').pluck().get();

    sim.restoreDevice(pc, backup);
    // The restored PC issues the seq HQ already applied, for a different punch.
    const punch = note(pc, 'after-restore');
    await pc.agent.runOnce();
    expect(await atHq(sim, punch), 'the punch made after the restore is at HQ').toBe(true);
    const status = pc.agent.status();
    expect(status.recovery).toMatchObject({ reason: 'diverged', pending: false, previousDeviceId: oldId });
    expect(status.state).toBe('idle');
    expect(status.queued).toBe(0);
    await sim.heal();
    await expectConverged(sim);
    await expectExactlyOnce(sim, { deviceRestored: true });
    // The rows written before the restore come back from HQ.
    for (const id of before) expect(sim.localRows(pc).has(`auditLog/${id}`)).toBe(true);
  });

  it('a PC restored from its backup that syncs before writing anything re-attaches before it can reuse a seq', async () => {
    sim = await Sim.create();
    const pc = await sim.addDevice('pc', { kind: 'center', siteId: sim.siteA });
    const backup = sim.backupDevice(pc);
    note(pc, 'x');
    await pc.agent.runOnce();
    sim.restoreDevice(pc, backup);
    await pc.agent.runOnce();
    expect(pc.agent.status().recovery?.reason).toBe('device_restored');
    const punch = note(pc, 'after');
    await pc.agent.runOnce();
    expect(await atHq(sim, punch)).toBe(true);
    await sim.heal();
    await expectConverged(sim);
    await expectExactlyOnce(sim, { deviceRestored: true });
  });

  it('HQ restored from last night: devices re-send what it lost from their safety window, while they keep working', async () => {
    sim = await Sim.create();
    const a = await sim.addDevice('a', { kind: 'center', siteId: sim.siteA });
    const b = await sim.addDevice('b', { kind: 'center', siteId: sim.siteB });
    const backup = sim.backupHq();
    const lost = [note(a, 'a1'), note(b, 'b1'), note(a, 'a2')];
    await a.agent.runOnce();
    await b.agent.runOnce();
    for (const id of lost) expect(await atHq(sim, id)).toBe(true);
    // The devices deleted nothing they must keep: the acknowledged commands sit in the window.
    expect(a.app.services.store.sqlite.prepare('SELECT COUNT(*) FROM sync_acked').pluck().get()).toBeGreaterThan(0);

    await sim.restoreHq(backup);
    for (const id of lost) expect(await atHq(sim, id)).toBe(false);
    const during = note(b, 'b-during');
    await sim.heal();
    for (const id of [...lost, during]) expect(await atHq(sim, id), id).toBe(true);
    expect(a.agent.status().recovery?.reason).toBe('hq_restored');
    await expectConverged(sim);
    await expectExactlyOnce(sim);
  });

  it('HQ restored from before the safety window: the lasting gap ends in a re-attach and no unsynced command is lost', async () => {
    sim = await Sim.create();
    const pc = await sim.addDevice('pc', { kind: 'center', siteId: sim.siteA });
    const backup = sim.backupHq();
    note(pc, 'old-1');
    await pc.agent.runOnce();
    // 31 days later the window has let those go.
    sim.hqClock.advance(31 * 86_400_000);
    for (const d of sim.all()) d.clock.advance(31 * 86_400_000);
    sim.kill(pc); // a fresh agent trims its window at its first cycle
    await pc.agent.runOnce();
    expect(pc.app.services.store.sqlite.prepare('SELECT COUNT(*) FROM sync_acked').pluck().get()).toBe(0);

    await sim.restoreHq(backup);
    const pending = note(pc, 'unsynced');
    for (let i = 0; i < 4; i++) await pc.agent.runOnce();
    expect(await atHq(sim, pending), 'the unsynced command reached HQ').toBe(true);
    expect(pc.agent.status().recovery?.reason).toBe('seq_gap');
    expect(pc.agent.status().state).toBe('idle');
    await sim.heal();
    await expectConverged(sim);
  });

  it('a re-attach whose answer was lost is finished with the same new identity at the next cycle', async () => {
    sim = await Sim.create();
    const pc = await sim.addDevice('pc', { kind: 'center', siteId: sim.siteA });
    const backup = sim.backupDevice(pc);
    note(pc, 'x');
    await pc.agent.runOnce();
    sim.restoreDevice(pc, backup);
    const punch = note(pc, 'after');
    // HQ applies the re-attach but its answer never arrives.
    let reattachCalls = 0;
    const base = sim.transportFor(pc);
    const agent = pc.agent as unknown as { transportTo(url: string): unknown };
    agent.transportTo = () => async (req: Parameters<typeof base>[0]) => {
      const res = await base(req);
      if (req.path.endsWith('/reattach') && reattachCalls++ === 0) throw new Error('connection reset');
      return res;
    };
    await pc.agent.runOnce();
    expect(pc.agent.status()).toMatchObject({ state: 'error', lastErrorCode: 'network', recovery: { reason: 'diverged', pending: true } });
    await pc.agent.runOnce();
    expect(reattachCalls).toBe(2);
    expect(pc.agent.status().recovery).toMatchObject({ reason: 'diverged', pending: false });
    expect(await atHq(sim, punch)).toBe(true);
    await sim.heal();
    await expectConverged(sim);
    await expectExactlyOnce(sim, { deviceRestored: true });
  });
});
