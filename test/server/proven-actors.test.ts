// Attack suite, issue 10 reproductions 1–2 (decisions 0072, 0073): a device that learned the admin's id cannot act
// as the admin — not by naming them in a command, not in an admin call, not by replaying or re-keying them — and a
// loaned PC stays within its worker's ceiling. Each case passed on main before proofs; every one must fail now.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { jstMonth } from '../../src-shared/core/time';
import { createCodeResponse, credentialResponse, listDevicesResponse, paths, pushResponse, type QueuedCommand } from '../../src-shared/sync/protocol';
import { SyncHttpError, type HqClient } from '../../src-main/sync/hq-client';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, clientFor, command, openHq, signed, testStaffPublicKey, unsignedHeader, type Dialect } from './hq-helpers';

type Actor = QueuedCommand['actor'];

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`HQ verifies who acts (${dialect})`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let first: HqClient;
    let admin: Actor;
    let adminId: string;
    let seq: number;
    let firstId: string;
    const [siteA, siteB, workerA] = [newId(), newId(), newId()];
    const worker: Actor = { role: 'worker', staffId: null, workerId: workerA };

    async function push(client: HqClient, cmds: QueuedCommand[], extra: Record<string, string> = {}): Promise<string[]> {
      const res = await client.post(paths.push, { commands: cmds }, pushResponse, extra);
      return res.value.results.map((r) => (r.status === 'rejected' ? r.reason.messageKey : r.status));
    }
    async function enroll(kind: 'center' | 'loaned', siteId: string | null, workerId: string | null): Promise<{ client: HqClient; deviceId: string }> {
      const { value } = await first.post(paths.adminCodes, { kind, siteId, workerId, ttlMinutes: 60 }, createCodeResponse, { 'x-tomoni-staff': adminId });
      const deviceId = newId();
      const cred = await clientFor(hq, clock).post(paths.enroll, { code: value.code, deviceId }, credentialResponse);
      return { deviceId, client: clientFor(hq, clock, { deviceId, secret: cred.value.secret }) };
    }
    const failure = (p: Promise<unknown>) => p.then(() => 'ok', (err: unknown) => (err instanceof SyncHttpError ? err.code : String(err)));
    const upsertWorker = (role: string) => ({
      id: workerA, code: 'W0001', familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', role, homeSiteId: siteA, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true,
    });

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      ({ client: first, admin, adminId, deviceId: firstId } = await attachOperatorWithAdmin(hq, clock, { siteId: siteA }));
      seq = 3;
      const setup = [
        command(seq++, 'people.upsertSite', { id: siteA, code: 'A', name: 'A', kind: 'center', active: true }, admin, clock),
        command(seq++, 'people.upsertSite', { id: siteB, code: 'B', name: 'B', kind: 'center', active: true }, admin, clock),
        command(seq++, 'people.upsertWorker', upsertWorker('worker'), admin, clock),
      ];
      expect(await push(first, setup)).toEqual(['applied', 'applied', 'applied']);
    });
    afterEach(async () => {
      await hq.drop();
    });

    it("refuses commands that only name the admin: a loaned PC's and a center PC's, unsigned or signed with another key", async () => {
      const loaned = await enroll('loaned', null, workerA);
      const month = jstMonth(clock.now());
      const asAdmin = [
        command(1, 'attendance.closeMonth', { id: newId(), auditId: newId(), month, reason: '' }, admin, clock),
        command(2, 'people.upsertWorker', upsertWorker('leader'), admin, clock),
      ];
      // The loaned PC learned the admin's id from a reviewed correction: it may not act for staff at all.
      expect(await push(loaned.client, asAdmin)).toEqual(['sync.errors.deviceCeiling', 'sync.errors.deviceCeiling']);
      // Its own worker, with a command above a worker's level (closing the month): refused by the ceiling too.
      expect(await push(loaned.client, [command(3, 'attendance.closeMonth', { id: newId(), auditId: newId(), month, reason: '' }, worker, clock)])).toEqual(['errors.forbidden']);
      // A center PC of site B: unsigned, then signed with a key of its own making.
      const centerB = await enroll('center', siteB, null);
      const promote = (s: number) => command(s, 'people.upsertWorker', upsertWorker('leader'), admin, clock);
      expect(await push(centerB.client, [promote(1)], { [unsignedHeader]: '1' })).toEqual(['sync.errors.actorUnproven']);
      const forged = signed(promote(2), centerB.deviceId, generateKeyPairSync('ed25519').privateKey);
      expect(await push(centerB.client, [forged])).toEqual(['sync.errors.actorUnproven']);
      // A real signature copied from another device's queue does not fit this device.
      const real = signed(promote(seq), newId());
      expect(await push(centerB.client, [{ ...real, seq: 3 }])).toEqual(['sync.errors.actorUnproven']);
      const rows = await hq.db.all<{ data: string }>("SELECT data FROM entities WHERE tbl = 'workers'");
      expect(JSON.parse(rows[0].data)).toMatchObject({ role: 'worker' });
      expect(await hq.db.all("SELECT 1 AS x FROM entities WHERE tbl = 'monthCloseEvents'")).toEqual([]);
    });

    it('applies a signed command once: the same signature under a later seq is a duplicate', async () => {
      const note = signed(command(seq++, 'audit.record', { id: newId(), action: 'test.once', targetId: null, details: {} }, admin, clock), firstId);
      expect(await push(first, [note])).toEqual(['applied']);
      // Replayed by the same device at its next seqs, alone and twice in one push: never applied again.
      expect(await push(first, [{ ...note, seq: seq++ }])).toEqual(['duplicate']);
      expect(await push(first, [{ ...note, seq: seq++ }, { ...note, seq: seq++ }])).toEqual(['duplicate', 'duplicate']);
      expect(await hq.db.all("SELECT 1 AS x FROM entities WHERE tbl = 'auditLog' AND data LIKE '%test.once%'")).toHaveLength(1);
    });

    it("keeps a person's own old key for what they signed before changing their password; an admin reset keeps none", async () => {
      const centerB = await enroll('center', siteB, null);
      const note = (s: number, at: TestClock) => command(s, 'audit.record', { id: newId(), action: 'test.rotation', targetId: null, details: {} }, admin, at);
      // Signed on site B's PC with the admin's first key, still queued there while the admin changes their password.
      const queuedEarlier = signed(note(1, clock), centerB.deviceId);
      clock.advance(60_000);
      const next = generateKeyPairSync('ed25519');
      const rekey = (s: number, by: Actor) =>
        command(s, 'people.setCredential', { id: adminId, subjectType: 'staff', kind: 'password', hash: `scrypt$${'x'.repeat(30)}`, publicKey: next.publicKey.export({ format: 'jwk' }).x!, wrappedKey: 'y'.repeat(40) }, by, clock);
      expect(await push(first, [signed(rekey(seq++, admin), firstId)])).toEqual(['applied']);
      clock.advance(60_000);
      // What was signed before the change still counts; the old key signing anything after it does not.
      expect(await push(centerB.client, [queuedEarlier])).toEqual(['applied']);
      expect(await push(centerB.client, [signed(note(2, clock), centerB.deviceId)])).toEqual(['sync.errors.actorUnproven']);
      expect(await push(centerB.client, [signed(note(3, clock), centerB.deviceId, next.privateKey)])).toEqual(['applied']);
    });

    it("an admin's reset of another person's password leaves their old key nothing, not even what it signed before", async () => {
      const centerB = await enroll('center', siteB, null);
      const other = newId();
      const otherAdmin: Actor = { role: 'admin', staffId: other, workerId: null };
      const staffRow = { id: other, loginId: 'admin2', familyName: '管理', givenName: '次郎', role: 'admin', siteId: siteA, active: true };
      const cred = (id: string, publicKey: string) => ({ id, subjectType: 'staff', kind: 'password', hash: `scrypt$${'x'.repeat(30)}`, publicKey, wrappedKey: 'y'.repeat(40) });
      expect(await push(first, [command(seq++, 'people.upsertStaff', staffRow, admin, clock), command(seq++, 'people.setCredential', cred(other, testStaffPublicKey(other)), admin, clock)])).toEqual(['applied', 'applied']);
      const queuedEarlier = signed(command(1, 'audit.record', { id: newId(), action: 'test.reset', targetId: null, details: {} }, admin, clock), centerB.deviceId);
      clock.advance(60_000);
      const next = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
      expect(await push(first, [command(seq++, 'people.setCredential', cred(adminId, next), otherAdmin, clock)])).toEqual(['applied']);
      expect(await push(centerB.client, [queuedEarlier])).toEqual(['sync.errors.actorUnproven']);
    });

    it('accepts kiosk records from every PC: failed sign-ins at a loaned PC and at a center PC', async () => {
      const loaned = await enroll('loaned', null, workerA);
      const centerB = await enroll('center', siteB, null);
      const kiosk: Actor = { role: 'kiosk', staffId: null, workerId: null };
      const failed = (s: number) => command(s, 'audit.record', { id: newId(), action: 'auth.failed', targetId: null, details: { kind: 'pin' } }, kiosk, clock);
      expect(await push(loaned.client, [failed(1)])).toEqual(['applied']);
      expect(await push(centerB.client, [failed(1)])).toEqual(['applied']);
      // A loaned PC's kiosk names only its own worker.
      const other: Actor = { role: 'kiosk', staffId: null, workerId: newId() };
      expect(await push(loaned.client, [command(2, 'audit.record', { id: newId(), action: 'auth.failed', targetId: null, details: {} }, other, clock)])).toEqual(['sync.errors.actorRefused']);
    });

    it("refuses to replace the admin's public key without the admin's proof", async () => {
      const centerB = await enroll('center', siteB, null);
      const mine = generateKeyPairSync('ed25519');
      const x = mine.publicKey.export({ format: 'jwk' }).x!;
      const rekey = command(1, 'people.setCredential', { id: adminId, subjectType: 'staff', kind: 'password', hash: `scrypt$${'x'.repeat(30)}`, publicKey: x, wrappedKey: 'y'.repeat(40) }, admin, clock);
      expect(await push(centerB.client, [signed(rekey, centerB.deviceId, mine.privateKey)])).toEqual(['sync.errors.actorUnproven']);
      // Nor as a worker: not at site B's PC (the worker is site A's: decision 0123), and not at their own site's PC
      // either (a worker sets only their own PIN).
      const asWorker = (s: number) => command(s, 'people.setCredential', { id: adminId, subjectType: 'staff', kind: 'password', hash: `scrypt$${'x'.repeat(30)}`, publicKey: x, wrappedKey: 'y'.repeat(40) }, worker, clock);
      expect(await push(centerB.client, [asWorker(2)])).toEqual(['sync.errors.deviceCeiling']);
      expect(await push(first, [asWorker(seq++)])).toEqual(['errors.forbidden']);
      expect(await hq.db.all("SELECT 1 AS x FROM entities WHERE tbl = 'credentials'")).toEqual([]);
    });

    it('refuses admin calls that only name the admin, that are signed by another key, stale or replayed', async () => {
      const centerB = await enroll('center', siteB, null);
      const loaned = await enroll('loaned', null, workerA);
      const named = { 'x-tomoni-staff': adminId, 'x-tomoni-staff-proof': 'A'.repeat(86), 'x-tomoni-staff-time': String(clock.now()) };
      const code = { kind: 'loaned', siteId: null, workerId: workerA, ttlMinutes: 60 };
      expect(await failure(centerB.client.post(paths.adminCodes, code, createCodeResponse, named))).toBe('forbidden');
      expect(await failure(centerB.client.post(paths.adminDevices, {}, listDevicesResponse, named))).toBe('forbidden');
      // The loaned PC may not call as staff even with a valid signature (its client signs with the admin's test key).
      expect(await failure(loaned.client.post(paths.adminDevices, {}, listDevicesResponse, { 'x-tomoni-staff': adminId }))).toBe('forbidden');
      // A valid call works once; the same bytes again are a replay; a call signed long ago is stale.
      const ok = await centerB.client.post(paths.adminDevices, {}, listDevicesResponse, { 'x-tomoni-staff': adminId });
      expect(ok.value.devices.length).toBeGreaterThan(1);
      const replayRes = await replayAdminCall(hq, centerB.client, adminId, clock);
      expect(replayRes).toEqual([200, 409]);
      clock.advance(10 * 60_000);
      expect(await staleAdminCall(hq, centerB.client, adminId, clock)).toBe(403);
    });

    it("refuses a site's own PC turning its site into an office, even with the admin's proof", async () => {
      const centerB = await enroll('center', siteB, null);
      const office = command(1, 'people.upsertSite', { id: siteB, code: 'B', name: 'B', kind: 'office', active: true }, admin, clock);
      expect(await push(centerB.client, [office])).toEqual(['sync.errors.deviceCeiling']);
      // From another device (the operator's first, at site A) the admin may.
      expect(await push(first, [command(seq++, 'people.upsertSite', { id: siteB, code: 'B', name: 'B', kind: 'office', active: true }, admin, clock)])).toEqual(['applied']);
    });
  });
}

type HqApp = { app: { fetch(req: Request): Response | Promise<Response>; request(path: string, init: RequestInit): Response | Promise<Response> } };
type Sent = { headers: Record<string, string>; body: ArrayBuffer };

/** A client over `client`'s credential whose requests are captured before they reach `answer`. */
function spyClient(hq: HqApp, client: HqClient, clock: TestClock, sent: Sent[], forward: boolean): HqClient {
  const app = {
    fetch: async (req: Request) => {
      sent.push({ headers: Object.fromEntries(req.headers), body: await req.clone().arrayBuffer() });
      return forward ? hq.app.fetch(req) : new Response('{}', { status: 599 });
    },
  };
  return clientFor({ app } as never, clock, (client as unknown as { credential: { deviceId: string; secret: string } }).credential);
}

/** Sends one signed admin call, then the same bytes (request id, signature) again: [first status, second status]. */
async function replayAdminCall(hq: HqApp, client: HqClient, adminId: string, clock: TestClock): Promise<number[]> {
  const sent: Sent[] = [];
  await spyClient(hq, client, clock, sent, true).post(paths.adminDevices, {}, listDevicesResponse, { 'x-tomoni-staff': adminId });
  const again = await hq.app.request(paths.adminDevices, { method: 'POST', headers: sent[0].headers, body: sent[0].body });
  return [200, again.status];
}

/** A signed admin call whose signature time is ten minutes behind HQ. */
async function staleAdminCall(hq: HqApp, client: HqClient, adminId: string, clock: TestClock): Promise<number> {
  const sent: Sent[] = [];
  await spyClient(hq, client, new TestClock(clock.now() - 10 * 60_000), sent, false)
    .post(paths.adminDevices, {}, listDevicesResponse, { 'x-tomoni-staff': adminId })
    .catch(() => undefined);
  const res = await hq.app.request(paths.adminDevices, { method: 'POST', headers: sent[0].headers, body: sent[0].body });
  return res.status;
}
