// The replica contract at HQ, on SQLite and PostgreSQL: the command id travels and decides `duplicate` vs
// `diverged`; a device re-attaches under a fresh identity with its old credential (same scope, audited, retry-safe)
// and its re-sent commands are answered by command id — never applied twice, a rejection answered again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { credentialResponse, listDevicesResponse, paths, pushResponse, type QueuedCommand } from '../../src-shared/sync/protocol';
import { type SyncHttpError } from '../../src-main/sync/hq-client';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, clientFor, command, openHq, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];

for (const dialect of dialects) {
  describe(`replica contract at HQ on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    beforeEach(async () => {
      hq = await openHq(dialect, clock);
    });
    afterEach(async () => {
      await hq.drop();
    });

    const audit = (seq: number, admin: QueuedCommand['actor']) => command(seq, 'audit.record', { id: newId(), action: `t.${seq}`, targetId: null, details: {} }, admin, clock);
    const count = async (sql: string, params: (string | number)[]) => Number((await hq.db.all<{ n: number }>(sql, params))[0].n);

    it('answers duplicate only for the same command id; another id under a known seq is diverged and nothing of that push is applied', async () => {
      const { client, deviceId, admin } = await attachOperatorWithAdmin(hq, clock);
      const third = audit(3, admin);
      expect((await client.post(paths.push, { commands: [third] }, pushResponse)).value.results).toEqual([{ seq: 3, status: 'applied' }]);
      expect((await client.post(paths.push, { commands: [third] }, pushResponse)).value.results).toEqual([{ seq: 3, status: 'duplicate' }]);
      // A restored copy of the device: seq 3 again but another punch, and a new seq 4 after it.
      const res = await client.post(paths.push, { commands: [audit(3, admin), audit(4, admin)] }, pushResponse);
      expect(res.value.results).toEqual([{ seq: 3, status: 'diverged' }]);
      expect(res.value.lastSeq).toBe(3);
      expect(await count(`SELECT COUNT(*) AS n FROM entities WHERE tbl = 'auditLog'`, [])).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM applied_commands WHERE device_id = ?', [deviceId])).toBe(3);
      // A device one protocol version behind sends no id: the older rule (duplicate by seq) still holds for it.
      const { id: _drop, ...noId } = audit(3, admin);
      void _drop;
      expect((await client.post(paths.push, { commands: [noId] }, pushResponse)).value.results).toEqual([{ seq: 3, status: 'duplicate' }]);
    });

    it('re-attaches a device under a fresh identity with its old credential, deduplicating its re-sent commands by id', async () => {
      const { client, deviceId, secret, admin } = await attachOperatorWithAdmin(hq, clock);
      const sent = [audit(3, admin), audit(4, admin)];
      // A command HQ rejects (an unknown staff member acting): its rejection must come back again, not an application.
      const refused = command(5, 'audit.record', { id: newId(), action: 'x', targetId: null, details: {} }, { role: 'admin', staffId: newId(), workerId: null }, clock);
      const first = await client.post(paths.push, { commands: [...sent, refused] }, pushResponse);
      expect(first.value.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);

      const newDevice = newId();
      const cred = await client.post(paths.reattach, { deviceId: newDevice, reason: 'diverged', startSeq: 9 }, credentialResponse);
      expect(cred.value).toMatchObject({ deviceId: newDevice, kind: 'center' });
      // The answer was lost: the retry with the old credential and the same new id gets a working credential again.
      const again = await client.post(paths.reattach, { deviceId: newDevice, reason: 'diverged', startSeq: 9 }, credentialResponse);
      const fresh = clientFor(hq, clock, { deviceId: newDevice, secret: again.value.secret });
      // Another new id with the old credential: refused (the old identity is spent).
      const other = await client.post(paths.reattach, { deviceId: newId(), reason: 'diverged', startSeq: 9 }, credentialResponse).then(() => null, (e: unknown) => e);
      expect((other as SyncHttpError).code).toBe('revoked');
      // The old identity pushes nothing any more.
      const old = await client.post(paths.push, { commands: [audit(6, admin)] }, pushResponse).then(() => null, (e: unknown) => e);
      expect((old as SyncHttpError).code).toBe('revoked');
      void secret;

      // Everything the device held, renumbered from 9, plus a new command: only the new one is applied.
      const renumbered = [...sent, refused].map((c, i) => ({ ...c, seq: 9 + i }));
      const brandNew = audit(12, admin);
      const res = await fresh.post(paths.push, { commands: [...renumbered, brandNew] }, pushResponse);
      expect(res.value.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'rejected', 'applied']);
      expect(res.value.lastSeq).toBe(12);
      expect(await count(`SELECT COUNT(*) AS n FROM entities WHERE tbl = 'auditLog'`, [])).toBe(3);

      const devices = await fresh.post(paths.adminDevices, {}, listDevicesResponse, { 'x-tomoni-staff': admin.staffId! });
      const mine = devices.value.devices.find((d) => d.deviceId === newDevice)!;
      expect(mine).toMatchObject({ replaces: deviceId, kind: 'center', lastSeq: 12, revokedAt: null });
      expect(devices.value.devices.find((d) => d.deviceId === deviceId)!.revokedAt).not.toBeNull();
      const audits = await hq.db.all<{ action: string; target: string }>(`SELECT action, target FROM hq_audit WHERE action = 'device.reattached'`);
      expect(audits).toEqual([{ action: 'device.reattached', target: newDevice }]);
    });

    it('refuses a re-attach without the current credential', async () => {
      const { deviceId } = await attachOperatorWithAdmin(hq, clock);
      const stranger = clientFor(hq, clock, { deviceId, secret: 'not-the-secret' });
      const err = await stranger.post(paths.reattach, { deviceId: newId(), reason: 'seq_gap', startSeq: 1 }, credentialResponse).then(() => null, (e: unknown) => e);
      expect((err as SyncHttpError).code).toBe('unauthenticated');
    });
  });
}
