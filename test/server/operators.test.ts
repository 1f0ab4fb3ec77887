// A cooperative on one HQ: the first operator arrives with the bootstrap code, every further one with a one-time,
// expiring attach code only HQ staff can make. Operators stay apart: a device sees and writes only its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { createCodeResponse, credentialResponse, hqAuditResponse, paths, pullResponse } from '../../src-shared/sync/protocol';
import { SyncHttpError } from '../../src-main/sync/hq-client';
import { z } from 'zod';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, clientFor, openHq, pushOperatorSetup, testStaffPublicKey, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];
const codeResponse = z.object({ code: z.string(), expiresAt: z.number() });

for (const dialect of dialects) {
  describe(`operators on one HQ (${dialect})`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    beforeEach(async () => {
      hq = await openHq(dialect, clock);
    });
    afterEach(async () => {
      await hq.drop();
    });

    const attach = (code: string, operatorId: string, deviceId = newId(), adminId?: string) =>
      clientFor(hq, clock).post(
        paths.attach,
        { code, deviceId, operatorId, kind: 'center', siteId: newId(), workerId: null, staffKeys: adminId ? { [adminId]: testStaffPublicKey(adminId) } : {} },
        credentialResponse,
      );
    const operatorCode = (token: string, ttlMinutes = 60) =>
      clientFor(hq, clock).post(paths.adminOperatorCodes, { ttlMinutes }, codeResponse, { authorization: `Bearer ${token}` });
    const failure = (p: Promise<unknown>) => p.then(() => 'ok', (err: unknown) => (err instanceof SyncHttpError ? err.code : String(err)));

    it('attaches a second operator with a staff-made code, once, before it expires', async () => {
      const opA = newId();
      const [adminA, adminB] = [newId(), newId()];
      const a = await attach(hq.secrets.bootstrapCode!, opA, newId(), adminA);
      // The bootstrap code is spent.
      expect(await failure(attach(hq.secrets.bootstrapCode!, newId()))).toBe('code_invalid');
      // Only the admin token makes codes: not a wrong token, not a device credential.
      expect(await failure(operatorCode('wrong-token'))).toBe('unauthenticated');
      expect(
        await failure(clientFor(hq, clock, { deviceId: a.value.deviceId, secret: a.value.secret }).post(paths.adminOperatorCodes, { ttlMinutes: 60 }, codeResponse)),
      ).toBe('unauthenticated');
      expect(await failure(operatorCode(hq.secrets.adminToken!, 1))).toBe('malformed');

      const { value: first } = await operatorCode(hq.secrets.adminToken!);
      // A code never reaches into an operator HQ already holds.
      expect(await failure(attach(first.code, opA))).toBe('forbidden');
      const opB = newId();
      const b = await attach(first.code, opB, newId(), adminB);
      expect(b.value.operatorId).toBe(opB);
      expect(await failure(attach(first.code, newId()))).toBe('code_invalid');

      const { value: late } = await operatorCode(hq.secrets.adminToken!, 30);
      clock.advance(31 * 60_000);
      expect(await failure(attach(late.code, newId()))).toBe('code_invalid');

      // Each operator's device brings its own data; neither sees the other's.
      const clientA = clientFor(hq, clock, a.value);
      const clientB = clientFor(hq, clock, b.value);
      await pushOperatorSetup(clientA, clock, opA, adminA, 'A財団');
      await pushOperatorSetup(clientB, clock, opB, adminB, 'B協同');
      const namesSeen = async (client: typeof clientA) => {
        const { value } = await client.post(paths.pull, { cursors: {}, limit: 1000 }, pullResponse);
        return value.pages.flatMap((p) => p.rows).map((r) => (r.data as { familyName?: string; name?: string } | null)?.familyName ?? (r.data as { name?: string } | null)?.name);
      };
      expect((await namesSeen(clientA)).sort()).toEqual(['A財団', 'A財団']);
      expect((await namesSeen(clientB)).sort()).toEqual(['B協同', 'B協同']);
    });

    it("keeps HQ's audit trail: who attached, issued codes, enrolled and revoked, and when", async () => {
      const { client: device, deviceId: firstDevice, adminId } = await attachOperatorWithAdmin(hq, clock);
      const siteId = newId();
      clock.advance(1000);
      const { value: code } = await device.post(paths.adminCodes, { kind: 'center', siteId, workerId: null, ttlMinutes: 60 }, createCodeResponse, { 'x-tomoni-staff': adminId });
      clock.advance(1000);
      const joined = newId();
      await clientFor(hq, clock).post(paths.enroll, { code: code.code, deviceId: joined }, credentialResponse);
      clock.advance(1000);
      await clientFor(hq, clock).post(paths.adminRevoke, { deviceId: joined }, z.object({ ok: z.boolean() }), { authorization: `Bearer ${hq.secrets.adminToken!}` });
      // Revoking again changes nothing and records nothing.
      await clientFor(hq, clock).post(paths.adminRevoke, { deviceId: joined }, z.object({ ok: z.boolean() }), { authorization: `Bearer ${hq.secrets.adminToken!}` });
      clock.advance(1000);
      await operatorCode(hq.secrets.adminToken!);

      const { value } = await device.post(paths.adminAudit, {}, hqAuditResponse, { 'x-tomoni-staff': adminId });
      expect(value.entries.map((e) => [e.action, e.actor, e.target])).toEqual([
        ['device.revoked', 'hq-staff', joined],
        ['device.enrolled', `device:${joined}`, joined],
        ['enrollment.code_created', `staff:${adminId}`, null],
        ['operator.attached', `device:${firstDevice}`, firstDevice],
      ]);
      expect(value.entries[2].details).toMatchObject({ kind: 'center', siteId });
      expect(value.entries.every((e) => e.requestId)).toBe(true);
      // The code itself is never in the trail.
      expect(JSON.stringify(value.entries)).not.toContain(code.code);
      // A worker's device (no admin staff) cannot read it.
      expect(await failure(device.post(paths.adminAudit, {}, hqAuditResponse))).toBe('forbidden');
    });
  });
}
