// The download half of the replica contract (decision 0063): a bucket fetched again over many pages gets the device's
// own rows on every page (not only the first), keeps its rows on screen until the re-fetch is complete, and a device
// ends with exactly HQ's rows — HQ's stamps on its own punches included, which content checksums now cover.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { expectConverged } from './checks';
import { Sim, type SimDevice } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const count = (d: SimDevice, sql: string) => d.app.services.store.sqlite.prepare(sql).pluck().get() as number;

describe('re-fetching a bucket', () => {
  it('an enrolled PC with one damaged row in a multi-page bucket ends with exactly HQ rows, its own included', async () => {
    sim = await Sim.create({ pullLimit: 3 });
    const [pc] = sim.all();
    // Rows this PC wrote itself, in the operator bucket: HQ's no-echo rule used to leave them out after page one.
    for (let i = 0; i < 20; i++) pc.app.services.bus.execute('audit.record', { id: newId(), action: `own.${i}`, targetId: null, details: { i } }, pc.actor);
    await pc.agent.runOnce();
    await expectConverged(sim);
    const bucket = `op:${sim.operatorId}`;
    const held = count(pc, `SELECT count FROM sync_buckets WHERE bucket = '${bucket}'`);
    expect(held).toBeGreaterThan(3 * 5);

    // One damaged row: its membership says another version than the one counted. The full check at the next
    // start catches it and fetches the bucket again, 3 rows a page.
    const victim = pc.app.services.store.sqlite.prepare("SELECT tbl, row_id FROM sync_members WHERE bucket = ? AND tbl = 'auditLog' LIMIT 1").get(bucket) as { tbl: string; row_id: string };
    pc.app.services.store.sqlite.prepare('UPDATE sync_members SET hash = hash + 1 WHERE bucket = ? AND tbl = ? AND row_id = ?').run(bucket, victim.tbl, victim.row_id);
    sim.kill(pc);
    // The link dies after the re-fetch's second page (the first pull finds the damage): the rows stay on screen meanwhile (staff can still sign in).
    let pulls = 0;
    const seen: number[] = [];
    pc.onPull = () => {
      pulls += 1;
      seen.push(count(pc, 'SELECT COUNT(*) FROM staff'));
      pc.fault = pulls >= 3 ? 'partition' : 'writeDuringPull';
    };
    pc.fault = 'writeDuringPull';
    await pc.agent.runOnce();
    expect(pc.agent.status().lastErrorCode).toBe('network');
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(count(pc, `SELECT filling FROM sync_buckets WHERE bucket = '${bucket}'`)).toBe(1);
    // Killed mid-re-fetch, then the link comes back: the resumed pages still carry its own rows.
    sim.kill(pc);
    pc.onPull = undefined;
    pc.fault = 'none';
    await pc.agent.runOnce();
    expect(pc.agent.status().lastErrorCode).toBeNull();
    expect(count(pc, `SELECT filling FROM sync_buckets WHERE bucket = '${bucket}'`)).toBe(0);
    expect(count(pc, `SELECT count FROM sync_buckets WHERE bucket = '${bucket}'`)).toBe(held);
    expect(count(pc, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'own.%'")).toBe(20);
    await expectConverged(sim);
  });

  it("a PC's own punch comes back with HQ's stamps: receive time and measured clock offset", async () => {
    sim = await Sim.create({ pullLimit: 2 });
    const [pc] = sim.all();
    const workerId = sim.workers[1];
    const punchId = newId();
    pc.app.services.bus.execute('attendance.clockIn', { punchId, workerId, roomEntryId: newId(), jobId: null, stepKey: null }, { role: 'kiosk', staffId: null, workerId });
    const auditId = newId();
    pc.app.services.bus.execute('audit.record', { id: auditId, action: 'same.everywhere', targetId: null, details: { same: true } }, pc.actor);
    await pc.agent.runOnce();
    await pc.agent.runOnce();
    const local = pc.app.services.store.sqlite.prepare('SELECT hq_received_at FROM punches WHERE id = ?').pluck().get(punchId);
    const [hq] = await sim.hq.db.all<{ data: string }>("SELECT data FROM entities WHERE tbl = 'punches' AND id = ?", [punchId]);
    const stamped = (JSON.parse(hq.data) as { hqReceivedAt: number }).hqReceivedAt;
    expect(stamped).toBeGreaterThan(0);
    expect(local).toBe(stamped);
    // A row HQ made exactly as the device did is not sent back (decision 0027 still holds).
    const echoed = await sim.hq.db.all<{ echo: number }>("SELECT echo FROM changes WHERE tbl = 'auditLog' AND id = ?", [auditId]);
    expect(echoed.map((r) => Number(r.echo))).toEqual([1]);
    const punchEcho = await sim.hq.db.all<{ echo: number }>("SELECT echo FROM changes WHERE tbl = 'punches' AND id = ?", [punchId]);
    expect(punchEcho.every((r) => Number(r.echo) === 0)).toBe(true);
    await expectConverged(sim);
  });

  it('a PC that counted under checksum version 1 fetches its buckets again once, keeping its rows meanwhile', async () => {
    sim = await Sim.create({ pullLimit: 2 });
    const [pc] = sim.all();
    const workerId = sim.workers[1];
    const punchId = newId();
    pc.app.services.bus.execute('attendance.clockIn', { punchId, workerId, roomEntryId: newId(), jobId: null, stepKey: null }, { role: 'kiosk', staffId: null, workerId });
    await pc.agent.runOnce();
    // As an older version left it: checksums over (table, id, hlc), HQ's stamps never received.
    const { sqlite } = pc.app.services.store;
    sqlite.prepare('UPDATE sync_state SET checksum_version = 1').run();
    sqlite.prepare('UPDATE punches SET hq_received_at = NULL, clock_offset_ms = NULL').run();
    sqlite.prepare('UPDATE sync_members SET hash = 0').run();
    sim.kill(pc);
    const seen: number[] = [];
    pc.onPull = () => seen.push(count(pc, 'SELECT COUNT(*) FROM staff'));
    pc.fault = 'writeDuringPull';
    await pc.agent.runOnce();
    pc.fault = 'none';
    expect(pc.agent.status().lastErrorCode).toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(count(pc, 'SELECT checksum_version FROM sync_state')).toBe(2);
    expect(count(pc, 'SELECT COUNT(*) FROM sync_members WHERE hash = 0')).toBe(0);
    expect(count(pc, `SELECT COUNT(*) FROM punches WHERE id = '${punchId}' AND hq_received_at IS NOT NULL`)).toBe(1);
    await expectConverged(sim);
  });
});
