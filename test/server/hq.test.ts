// HQ against real SQLite and real PostgreSQL: enrollment, push (idempotent, gaps, rejections, held), pull (pages,
// checksums), scopes and revocation, each through the real HTTP app.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { addToChecksum, rowHash } from '../../src-shared/sync/checksum';
import {
  createCodeResponse,
  credentialResponse,
  listDevicesResponse,
  paths,
  pullResponse,
  pushResponse,
  type PullResponse,
  type QueuedCommand,
} from '../../src-shared/sync/protocol';
import { SyncHttpError, type HqClient } from '../../src-main/sync/hq-client';
import { z } from 'zod';
import { commandRegistry } from '../../src-shared/commands/registry';
import type { CommandDef } from '../../src-shared/commands/define';
import { releaseHeld } from '../../src-server/sync/held';
import { TestClock } from '../helpers/app';
import { clientFor, command, openHq, testStaffPublicKey, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];

async function refusal(p: Promise<unknown>): Promise<SyncHttpError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SyncHttpError);
  return err as SyncHttpError;
}

for (const dialect of dialects) {
  describe(`HQ on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    const operatorId = newId();
    const siteA = newId();
    const siteB = newId();
    const adminId = newId();
    const workerA = newId();
    const workerB = newId();
    const admin = { role: 'admin', staffId: adminId, workerId: null };
    let first: HqClient;
    let firstId: string;
    let setupCommands: QueuedCommand[] = [];

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      firstId = newId();
      const cred = await clientFor(hq, clock).post(
        paths.attach,
        { code: hq.secrets.bootstrapCode!, deviceId: firstId, operatorId, kind: 'center', siteId: siteA, workerId: null, staffKeys: { [adminId]: testStaffPublicKey(adminId) } },
        credentialResponse,
      );
      first = clientFor(hq, clock, { deviceId: firstId, secret: cred.value.secret });
      const worker = (id: string, code: string, site: string) => ({
        id, code, familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', role: 'worker', homeSiteId: site, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true,
      });
      const setup = [
        command(1, 'people.createOperator', { id: operatorId, name: 'Op' }, admin, clock),
        command(2, 'people.upsertSite', { id: siteA, code: 'A', name: 'A', kind: 'center', active: true }, admin, clock),
        command(3, 'people.upsertStaff', { id: adminId, loginId: 'admin', familyName: '管理', givenName: '者', role: 'admin', siteId: siteA, active: true }, admin, clock),
        command(4, 'people.upsertSite', { id: siteB, code: 'B', name: 'B', kind: 'center', active: true }, admin, clock),
        command(5, 'people.upsertWorker', worker(workerA, 'W0001', siteA), admin, clock),
        command(6, 'people.upsertWorker', worker(workerB, 'W0002', siteB), admin, clock),
      ];
      setupCommands = setup;
      const res = await first.post(paths.push, { commands: setup }, pushResponse);
      expect(res.value.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    });
    afterEach(async () => {
      await hq.drop();
    });

    async function enroll(kind: 'center' | 'loaned', siteId: string | null, workerId: string | null, ttlMinutes = 60) {
      const { value } = await first.post(paths.adminCodes, { kind, siteId, workerId, ttlMinutes }, createCodeResponse, { 'x-tomoni-staff': adminId });
      return value.code;
    }

    async function join(code: string) {
      const deviceId = newId();
      const cred = await clientFor(hq, clock).post(paths.enroll, { code, deviceId }, credentialResponse);
      return { deviceId, client: clientFor(hq, clock, { deviceId, secret: cred.value.secret }) };
    }

    async function pullAll(client: HqClient, limit = 1000): Promise<{ rows: Map<string, PullResponse['pages'][number]['rows'][number]>; last: PullResponse; requests: number }> {
      const cursors: Record<string, number> = {};
      const sums: Record<string, { checksum: number; count: number }> = {};
      const rows = new Map<string, PullResponse['pages'][number]['rows'][number]>();
      for (let requests = 1; requests < 200; requests++) {
        const { value } = await client.post(paths.pull, { cursors, limit }, pullResponse);
        for (const page of value.pages) {
          cursors[page.bucket] = page.cursor;
          const s = (sums[page.bucket] ??= { checksum: 0, count: 0 });
          for (const r of page.rows) {
            if (r.data) {
              s.checksum = addToChecksum(s.checksum, rowHash(2, r.tbl, r.id, r.hlc, r.data));
              s.count += 1;
              rows.set(`${r.tbl}/${r.id}`, r);
            }
          }
        }
        if (value.buckets.every((b) => value.checkpoint[b])) {
          for (const b of value.buckets) expect(value.checkpoint[b], b).toMatchObject(sums[b] ?? { checksum: 0, count: 0 });
          return { rows, last: value, requests };
        }
      }
      throw new Error('pull never completed');
    }

    it('serves health and Prometheus metrics', async () => {
      const health = await hq.app.request('/health');
      expect(await health.json()).toMatchObject({ ok: true, dialect });
      const metrics = await (await hq.app.request('/metrics', { headers: { authorization: `Bearer ${hq.secrets.adminToken!}` } })).text();
      expect(metrics).toContain('tomoni_hq_commands_total{status="applied"} 6');
    });

    it('enrollment codes work once and expire', async () => {
      const code = await enroll('center', siteB, null);
      const { client } = await join(code);
      expect((await client.post(paths.pull, { cursors: {} }, pullResponse)).value.buckets).toContain(`site:${siteB}`);
      expect((await refusal(join(code))).code).toBe('code_invalid');
      const late = await enroll('loaned', null, workerA, 5);
      clock.advance(6 * 60_000);
      expect((await refusal(join(late))).code).toBe('code_invalid');
      // The bootstrap code was spent by the first device.
      const again = clientFor(hq, clock).post(paths.attach, { code: hq.secrets.bootstrapCode!, deviceId: newId(), operatorId: newId(), kind: 'center', siteId: null, workerId: null }, credentialResponse);
      expect((await refusal(again)).code).toBe('code_invalid');
    });

    it('push is idempotent by seq and command id, refuses gaps, records rejections and holds unknown commands', async () => {
      const dup = await first.post(paths.push, { commands: [setupCommands[4]] }, pushResponse);
      expect(dup.value.results).toEqual([{ seq: 5, status: 'duplicate' }]);
      // The same seq with another command (a device restored from a backup): never taken for a duplicate.
      const other = await first.post(paths.push, { commands: [command(5, 'people.upsertWorker', {}, admin, clock)] }, pushResponse);
      expect(other.value.results).toEqual([{ seq: 5, status: 'diverged' }]);
      const gap = await refusal(first.post(paths.push, { commands: [command(9, 'audit.record', { id: newId(), action: 'x', targetId: null, details: {} }, admin, clock)] }, pushResponse));
      expect([gap.status, gap.code, gap.expectedSeq]).toEqual([409, 'seq_gap', 7]);
      const auditId = newId();
      const taken = command(7, 'people.upsertWorker', { id: newId(), code: 'W0001', familyName: '別', givenName: '人', familyNameKana: 'ベツ', givenNameKana: 'ヒト', role: 'worker', homeSiteId: null, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true }, admin, clock);
      const res = await first.post(
        paths.push,
        {
          commands: [
            taken,
            command(8, 'future.thing', { any: 1 }, admin, clock),
            command(9, 'audit.record', { id: 'not-a-valid-id-shape' }, admin, clock),
            { ...command(10, 'audit.record', { id: auditId, action: 'ok', targetId: null, details: {} }, admin, clock), touches: [] },
          ],
        },
        pushResponse,
      );
      expect(res.value.results.map((r) => r.status)).toEqual(['rejected', 'held', 'rejected', 'applied']);
      const rejected = res.value.results[0];
      expect(rejected.status === 'rejected' && rejected.reason.messageKey).toBe('errors.people.workerCodeTaken');
      expect(res.value.lastSeq).toBe(10);
      // The answer may have been lost: re-sending a rejected command returns its rejection again.
      const again = await first.post(paths.push, { commands: [taken] }, pushResponse);
      expect(again.value.results[0]).toMatchObject({ seq: 7, status: 'rejected', reason: { messageKey: 'errors.people.workerCodeTaken' } });
      const held = await hq.db.all<{ seq: number }>('SELECT seq FROM held_commands');
      expect(held.map((h) => Number(h.seq))).toEqual([8]);
      const reasons = await hq.db.all<{ seq: number }>('SELECT seq FROM rejections ORDER BY seq');
      expect(reasons.map((r) => Number(r.seq))).toEqual([7, 9]);
      // After an upgrade that teaches HQ the command, the held one is applied (rule 8).
      const registry = commandRegistry as Map<string, CommandDef>;
      const recordAudit = registry.get('audit.record')!;
      const futureId = newId();
      registry.set('future.thing', { ...recordAudit, name: 'future.thing', input: z.object({ any: z.number() }).transform(() => ({ id: futureId, action: 'future', targetId: null, details: {} })) });
      try {
        expect(await releaseHeld(hq.db, clock.now())).toBe(1);
        expect(await hq.db.all('SELECT id FROM entities WHERE id = ?', [futureId])).toHaveLength(1);
        expect(await releaseHeld(hq.db, clock.now())).toBe(0);
      } finally {
        registry.delete('future.thing');
      }
    });

    it('pulls in pages whose checksums match the checkpoint', async () => {
      const small = await pullAll(first, 2);
      expect(small.requests).toBeGreaterThanOrEqual(3);
      const big = await pullAll(first, 1000);
      expect(big.requests).toBe(1);
      expect([...small.rows.keys()].sort()).toEqual([...big.rows.keys()].sort());
      expect(small.rows.size).toBeGreaterThanOrEqual(6);
      // Read-your-writes: the checkpoint says which of this device's seqs it includes.
      expect(big.last.appliedSeq).toBe(6);
    });

    it('keeps a loaned PC to its own worker and a center PC to its own site', async () => {
      const loaned = await join(await enroll('loaned', null, workerA));
      const got = await pullAll(loaned.client);
      expect(got.last.buckets.sort()).toEqual([`operator:${operatorId}`, `homejobs:${operatorId}`, `worker:${workerA}`, `own:${workerA}`].sort());
      expect([...got.rows.keys()].filter((k) => k.startsWith('workers/'))).toEqual([`workers/${workerA}`]);
      // Cursors for buckets that are not its own are ignored, not served.
      const sneaky = await loaned.client.post(paths.pull, { cursors: { [`worker:${workerB}`]: 0, [`op:${operatorId}`]: 0 } }, pullResponse);
      expect(sneaky.value.pages.map((p) => p.bucket)).not.toContain(`worker:${workerB}`);
      expect(sneaky.value.pages.map((p) => p.bucket)).not.toContain(`op:${operatorId}`);
      // Writing another worker's row from the loaned PC is refused, even an admin's: a loaned PC never acts for staff.
      const res = await loaned.client.post(
        paths.push,
        {
          commands: [
            command(1, 'people.setCredential', { id: workerB, subjectType: 'worker', kind: 'pin', hash: 'scrypt$xxxxxxxxxxxxxxxxxxxxxxxx' }, admin, clock),
            command(2, 'people.setCredential', { id: workerB, subjectType: 'worker', kind: 'pin', hash: 'scrypt$xxxxxxxxxxxxxxxxxxxxxxxx' }, { role: 'worker', staffId: null, workerId: workerB }, clock),
            command(3, 'people.setCredential', { id: workerA, subjectType: 'worker', kind: 'pin', hash: 'scrypt$xxxxxxxxxxxxxxxxxxxxxxxx' }, { role: 'worker', staffId: null, workerId: workerA }, clock),
          ],
        },
        pushResponse,
      );
      expect(res.value.results.map((r) => (r.status === 'rejected' ? r.reason.messageKey : r.status))).toEqual(['sync.errors.deviceCeiling', 'sync.errors.deviceCeiling', 'applied']);
      const centerB = await join(await enroll('center', siteB, null));
      const b = await pullAll(centerB.client);
      expect(b.last.buckets).toContain(`site:${siteB}`);
      expect(b.last.buckets).not.toContain(`site:${siteA}`);
      // The loaned PC itself may record what happened at its sign-in screen (a kiosk actor naming nobody, or its worker).
      const kiosk = await loaned.client.post(paths.push, { commands: [command(4, 'audit.record', { id: newId(), action: 'k', targetId: null, details: {} }, { role: 'kiosk', staffId: null, workerId: null }, clock)] }, pushResponse);
      expect(kiosk.value.results[0].status).toBe('applied');
    });

    it("keeps each site's attendance in its site, a loaned PC to its worker, and gives an office every site", async () => {
      const officeSite = newId();
      const setup = await first.post(paths.push, { commands: [command(7, 'people.upsertSite', { id: officeSite, code: 'HQ', name: '本部', kind: 'office', active: true }, admin, clock)] }, pushResponse);
      expect(setup.value.results[0].status).toBe('applied');
      const centerB = await join(await enroll('center', siteB, null));
      const loaned = await join(await enroll('loaned', null, workerA));
      const office = await join(await enroll('center', officeSite, null));
      const kioskFor = (workerId: string) => ({ role: 'kiosk', staffId: null, workerId });
      const statuses = (res: { value: { results: { status: string; reason?: { messageKey: string } }[] } }) =>
        res.value.results.map((r) => (r.status === 'rejected' ? r.reason!.messageKey : r.status));
      const clockIn = (workerId: string) => ({ punchId: newId(), workerId, roomEntryId: newId(), jobId: null, stepKey: null });
      // Worker A works at home on the loaned PC, then at site A; worker B at site B.
      const home = { role: 'worker', staffId: null, workerId: workerA };
      const atHome = await loaned.client.post(paths.push, { commands: [command(1, 'attendance.clockIn', clockIn(workerA), home, clock)] }, pushResponse);
      clock.advance(60_000);
      const homeOut = await loaned.client.post(paths.push, { commands: [command(2, 'attendance.clockOut', { punchId: newId(), workerId: workerA }, home, clock)] }, pushResponse);
      clock.advance(60_000);
      const inB = await centerB.client.post(paths.push, { commands: [command(1, 'attendance.clockIn', clockIn(workerB), kioskFor(workerB), clock)] }, pushResponse);
      const inA = await first.post(paths.push, { commands: [command(8, 'attendance.clockIn', clockIn(workerA), kioskFor(workerA), clock)] }, pushResponse);
      expect([...statuses(atHome), ...statuses(homeOut), ...statuses(inB), ...statuses(inA)]).toEqual(['applied', 'applied', 'applied', 'applied']);
      // Site A's PC may not act for worker B (decision 0123), and not even its admin may write site B's attendance
      // there: worker B's open session (and presence) belong to site B.
      clock.advance(60_000);
      const sneaky = await first.post(
        paths.push,
        { commands: [command(9, 'attendance.startBreak', { punchId: newId(), workerId: workerB }, kioskFor(workerB), clock), command(10, 'attendance.clockOut', { punchId: newId(), workerId: workerB }, admin, clock)] },
        pushResponse,
      );
      expect(statuses(sneaky)).toEqual(['sync.errors.deviceCeiling', 'sync.errors.outOfScope']);
      const attendanceOf = (rows: Map<string, PullResponse['pages'][number]['rows'][number]>) =>
        [...rows.values()].filter((r) => ['punches', 'presence', 'roomEntries', 'punchVoids', 'corrections'].includes(r.tbl) && r.data);
      const workerOf = (r: PullResponse['pages'][number]['rows'][number]) => (r.tbl === 'presence' ? r.id : String(r.data!.workerId));
      const a = attendanceOf((await pullAll(first)).rows);
      expect(a.filter((r) => r.tbl === 'punches').map((r) => r.data!.siteId)).toEqual([siteA]);
      expect(a.map((r) => r.data!.siteId ?? null).every((s) => s === siteA)).toBe(true);
      expect(a.some((r) => workerOf(r) === workerB)).toBe(false);
      expect(a.map((r) => r.tbl).sort()).toEqual(['presence', 'punches', 'roomEntries']);
      const b = attendanceOf((await pullAll(centerB.client)).rows);
      expect(b.map((r) => r.tbl).sort()).toEqual(['presence', 'punches', 'roomEntries']);
      expect(b.every((r) => workerOf(r) === workerB && r.data!.siteId === siteB)).toBe(true);
      // The loaned PC holds its worker's rows only: two home punches, the site-A punch, room entry and presence.
      const l = attendanceOf((await pullAll(loaned.client)).rows);
      expect(l.every((r) => workerOf(r) === workerA)).toBe(true);
      expect(l.filter((r) => r.tbl === 'punches').map((r) => r.data!.siteId ?? null).sort()).toEqual([null, null, siteA].sort());
      // The office device closing the month sees both sites and the work done at home.
      const o = await pullAll(office.client);
      expect(o.last.buckets).toEqual(expect.arrayContaining([`site:${siteA}`, `site:${siteB}`, `site:${officeSite}`, `worker:${workerA}`, `worker:${workerB}`]));
      const officePunches = attendanceOf(o.rows).filter((r) => r.tbl === 'punches');
      expect(officePunches.map((r) => r.data!.siteId ?? null).sort()).toEqual([null, null, siteA, siteB].sort());
      // An office device may write any site of its operator: it ends worker B's session at site B.
      const officeOut = await office.client.post(paths.push, { commands: [command(1, 'attendance.clockOut', { punchId: newId(), workerId: workerB }, admin, clock)] }, pushResponse);
      expect(statuses(officeOut)).toEqual(['applied']);
    });

    it('a revoked device gets nothing more', async () => {
      const d = await join(await enroll('center', siteB, null));
      await d.client.post(paths.pull, { cursors: {} }, pullResponse);
      await first.post(paths.adminRevoke, { deviceId: d.deviceId }, z.object({ ok: z.literal(true) }), { 'x-tomoni-staff': adminId });
      const attempts = [
        () => d.client.post(paths.pull, { cursors: {} }, pullResponse),
        () => d.client.post(paths.push, { commands: [command(1, 'audit.record', { id: newId(), action: 'x', targetId: null, details: {} }, admin, clock)] }, pushResponse),
      ];
      for (const attempt of attempts) {
        const err = await refusal(attempt());
        expect([err.status, err.code]).toEqual([403, 'revoked']);
      }
      const list = await first.post(paths.adminDevices, {}, listDevicesResponse, { 'x-tomoni-staff': adminId });
      expect(list.value.devices.find((x) => x.deviceId === d.deviceId)?.revokedAt).toBe(clock.now());
      // Only admins of the operator may manage devices.
      const notAdmin = await refusal(d.client.post(paths.adminDevices, {}, listDevicesResponse, { 'x-tomoni-staff': adminId }));
      expect(notAdmin.code).toBe('revoked');
    });
  });
}
