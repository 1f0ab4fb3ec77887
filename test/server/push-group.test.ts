// Group commit at HQ (decision 0050): concurrent pushes of one operator share a transaction, yet each push is still
// applied whole or refused on its own — a gap, a replay or a revoked device refuses that push only — and every
// device's last seq, contact facts and request ids are kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { createCodeResponse, credentialResponse, paths, type QueuedCommand } from '../../src-shared/sync/protocol';
import { createPushIngest, type PushJob } from '../../src-server/sync/push';
import { pruneSeenRequests, REQUEST_ID_RETENTION_MS } from '../../src-server/sync/maintenance';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, clientFor, command, openHq, signed, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];

for (const dialect of dialects) {
  describe(`push group commit on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    const operatorId = newId();
    const adminId = newId();
    const admin = { role: 'admin', staffId: adminId, workerId: null };
    let devices: string[];

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      const { client: first } = await attachOperatorWithAdmin(hq, clock, { operatorId, adminId });
      devices = [];
      for (let i = 0; i < 5; i++) {
        const { value } = await first.post(paths.adminCodes, { kind: 'center', siteId: newId(), workerId: null, ttlMinutes: 60 }, createCodeResponse, { 'x-tomoni-staff': adminId });
        const deviceId = newId();
        await clientFor(hq, clock).post(paths.enroll, { code: value.code, deviceId }, credentialResponse);
        devices.push(deviceId);
      }
      await hq.db.run('UPDATE devices SET revoked_at = ? WHERE device_id = ?', [clock.now(), devices[4]]);
    });
    afterEach(async () => {
      await hq.drop();
    });

    const audit = (seq: number, action: string): QueuedCommand => command(seq, 'audit.record', { id: newId(), action, targetId: null, details: {} }, admin, clock);
    const job = (deviceId: string, seqs: number[], requestId = newId(), appVersion = '0.2.0'): PushJob => ({
      deviceId,
      operatorId,
      request: { commands: seqs.map((s) => signed(audit(s, `${deviceId}/${s}`), deviceId)) },
      requestId,
      contact: { now: clock.now(), appVersion, schemaVersion: 1, protocolVersion: 1, clockOffsetMs: 1234, queued: 7 },
    });

    it('applies concurrent pushes in one transaction and refuses only the bad ones', async () => {
      const groups: number[] = [];
      const ingest = createPushIngest(hq.db, (n) => groups.push(n));
      const [d1, d2, d3, d4, revoked] = devices;
      const replayedId = newId();
      const jobs = [
        job(d1, [1, 2]), // all arrive before the first group starts (it waits one turn of the event loop): one transaction
        job(d2, [4, 5]), // overtook its first batch on the wire: still applied, after it
        job(d2, [1, 2, 3]),
        job(d1, [3, 4, 5]),
        job(d3, [2, 3]), // a hole before it
        job(d4, [1, 2], replayedId),
        job(d4, [1, 2], replayedId), // the same request again
        job(revoked, [1]),
      ];
      const settled = await Promise.allSettled(jobs.map((j) => ingest(j)));
      expect(groups).toEqual([8]);
      const value = (i: number) => (settled[i].status === 'fulfilled' ? settled[i].value : null);
      const code = (i: number) => (settled[i].status === 'rejected' ? (settled[i].reason as { code: string }).code : null);
      expect(value(0)?.lastSeq).toBe(2);
      expect(value(1)?.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(value(1)?.lastSeq).toBe(5);
      expect(value(2)?.lastSeq).toBe(3);
      expect(value(3)?.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(code(4)).toBe('seq_gap');
      expect(value(5)?.lastSeq).toBe(2);
      expect(code(6)).toBe('replayed');
      expect(code(7)).toBe('revoked');

      const rows = await hq.db.all<{ device_id: string; last_seq: number; app_version: string | null; clock_offset_ms: number | null; queued: number | null }>(
        'SELECT device_id, last_seq, app_version, clock_offset_ms, queued FROM devices WHERE operator_id = ?',
        [operatorId],
      );
      const byId = new Map(rows.map((r) => [r.device_id, r]));
      expect([d1, d2, d3, d4, revoked].map((d) => Number(byId.get(d)!.last_seq))).toEqual([5, 5, 0, 2, 0]);
      expect(byId.get(d2)).toMatchObject({ app_version: '0.2.0', queued: 7 });
      expect(Number(byId.get(d2)!.clock_offset_ms)).toBe(1234);
      expect(byId.get(d3)!.app_version).toBeNull(); // a refused push records nothing but its request id
      const actions = await hq.db.all<{ data: string }>('SELECT data FROM entities WHERE operator_id = ? AND tbl = ?', [operatorId, 'auditLog']);
      const applied = actions.map((r) => (JSON.parse(r.data) as { action: string }).action).sort();
      expect(applied).toEqual([...[1, 2, 3, 4, 5].map((s) => `${d1}/${s}`), ...[1, 2, 3, 4, 5].map((s) => `${d2}/${s}`), `${d4}/1`, `${d4}/2`].sort());

      // The request id stays used after the group: sent again later, it is still a replay.
      await expect(ingest(job(d4, [3], replayedId))).rejects.toMatchObject({ code: 'replayed' });
      // A later push continues each queue where the group left it.
      expect((await ingest(job(d1, [6]))).lastSeq).toBe(6);
    });

    it('forgets request ids after the retention period, and only those', async () => {
      const ingest = createPushIngest(hq.db);
      const old = newId();
      const first = job(devices[0], [1], old);
      await ingest(first);
      clock.advance(REQUEST_ID_RETENTION_MS - 60_000);
      const recent = newId();
      await ingest({ ...job(devices[0], [2], recent), contact: { ...job(devices[0], [2]).contact, now: clock.now() } });
      clock.advance(120_000);
      const expired = await hq.db.all('SELECT 1 AS x FROM seen_requests WHERE at < ?', [clock.now() - REQUEST_ID_RETENTION_MS]);
      expect(expired.length).toBeGreaterThanOrEqual(1); // `old` (and the set-up push)
      expect(await pruneSeenRequests(hq.db, clock.now())).toBe(expired.length);
      const left = await hq.db.all<{ request_id: string }>('SELECT request_id FROM seen_requests WHERE device_id = ?', [devices[0]]);
      expect(left.map((r) => r.request_id)).toEqual([recent]);
      // Past retention a replay is answered as what it is — duplicates — and applies nothing twice.
      const again = await ingest({ ...first, contact: { ...first.contact, now: clock.now() } });
      expect(again.results.map((r) => r.status)).toEqual(['duplicate']);
    });
  });
}
