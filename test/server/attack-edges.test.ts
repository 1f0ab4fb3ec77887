// Attack suite, issue 10 reproductions 3 and 5 (the edges an enrolled device or a stranger can reach), on SQLite and
// on PostgreSQL: bounded lists (cursors, batches, held commands), rate-limited codes and tokens, an expiring
// bootstrap code, a rotatable admin token stored hashed, and /metrics behind a token.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '../../src-shared/core/ids';
import { PROTOCOL_VERSION, createCodeResponse, credentialResponse, paths, pullResponse, pushResponse } from '../../src-shared/sync/protocol';
import { SyncHttpError } from '../../src-main/sync/hq-client';
import { rotateToken, setting } from '../../src-server/admin/enrollment';
import { HELD_LIMIT } from '../../src-server/sync/held';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, clientFor, command, openHq, type Dialect } from './hq-helpers';

const failure = (p: Promise<unknown>) => p.then(() => 'ok', (err: unknown) => (err instanceof SyncHttpError ? err.code : String(err)));
const versionHeaders = { 'x-tomoni-protocol': String(PROTOCOL_VERSION), 'x-tomoni-schema': '1', 'x-tomoni-app': '0.1.0' };

/** Made once for both stores: building and compressing it costs seconds on a loaded machine. */
let threeMillionCursors: Buffer | undefined;

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`HQ's edges hold (${dialect})`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    beforeEach(async () => {
      hq = await openHq(dialect, clock);
    });
    afterEach(async () => {
      await hq.drop();
    });

    it('answers a pull naming 3 million cursors at once, and bounds cursors to the device\'s buckets plus slack', async () => {
      const op = await attachOperatorWithAdmin(hq, clock);
      const auth = `Device ${op.deviceId}.${op.secret}`;
      const body = (threeMillionCursors ??= gzipSync(Buffer.from(`{"cursors":{${Array.from({ length: 3_000_000 }, (_, i) => `"b${i}":${i}`).join(',')}}}`), { level: 1 }));
      const started = performance.now();
      const res = await hq.app.request(paths.pull, { method: 'POST', body: new Uint8Array(body), headers: { ...versionHeaders, authorization: auth, 'content-encoding': 'gzip' } });
      const ms = performance.now() - started;
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large');
      expect(ms, `answered in ${Math.round(ms)} ms`).toBeLessThan(2000);
      // Under the body limits but beyond this device's buckets plus the slack: refused too.
      const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`job:${i}`, 1]));
      expect(await failure(op.client.post(paths.pull, { cursors: many }, pullResponse))).toBe('too_large');
      // Its own buckets and a few it left are fine.
      const own = (await op.client.post(paths.pull, { cursors: {} }, pullResponse)).value.buckets;
      const few = Object.fromEntries([...own, 'job:gone-1', 'job:gone-2'].map((b) => [b, 0]));
      expect((await op.client.post(paths.pull, { cursors: few }, pullResponse)).value.buckets).toEqual(own);
    });

    it('refuses batches beyond the push limit and late-rejection acks beyond theirs', async () => {
      const op = await attachOperatorWithAdmin(hq, clock);
      const commands = Array.from({ length: 5001 }, (_, i) => command(3 + i, 'audit.record', { id: newId(), action: 'x', targetId: null, details: {} }, op.admin, clock));
      expect(await failure(op.client.post(paths.push, { commands }, pushResponse))).toBe('too_large');
      expect(await failure(op.client.post(paths.pull, { cursors: {}, ackRejections: Array.from({ length: 1001 }, (_, i) => i + 1) }, pullResponse))).toBe('malformed');
    });

    it('holds a bounded number of unknown commands per device, then halts its queue until HQ is upgraded', async () => {
      const op = await attachOperatorWithAdmin(hq, clock);
      const unknown = (seq: number) => command(seq, 'future.somethingNew', { payload: 'x'.repeat(100) }, op.admin, clock);
      let seq = 2;
      for (let sent = 0; sent < HELD_LIMIT.commands; sent += 1000) {
        const batch = Array.from({ length: 1000 }, () => unknown(++seq));
        const res = await op.client.post(paths.push, { commands: batch }, pushResponse);
        expect(res.value.results.every((r) => r.status === 'held')).toBe(true);
      }
      expect(await failure(op.client.post(paths.push, { commands: [unknown(++seq)] }, pushResponse))).toBe('hq_too_old');
      const [held] = await hq.db.all<{ n: number }>('SELECT count(*) AS n FROM held_commands WHERE device_id = ?', [op.deviceId]);
      expect(Number(held.n)).toBe(HELD_LIMIT.commands);
      // A command HQ knows still cannot overtake the halted one (the device sends in seq order): nothing was lost.
      const [device] = await hq.db.all<{ last_seq: number }>('SELECT last_seq FROM devices WHERE device_id = ?', [op.deviceId]);
      expect(Number(device.last_seq)).toBe(seq - 1);
    });

    it('does not count codes that work: HQ staff enroll a room full of PCs from one office', async () => {
      const op = await attachOperatorWithAdmin(hq, clock);
      const staff = { authorization: `Bearer ${hq.secrets.adminToken!}` };
      for (let i = 0; i < 40; i++) {
        const { value } = await clientFor(hq, clock).post(paths.adminCodes, { operatorId: op.operatorId, kind: 'center', siteId: newId(), ttlMinutes: 60 }, createCodeResponse, staff);
        expect(await failure(clientFor(hq, clock).post(paths.enroll, { code: value.code, deviceId: newId() }, credentialResponse))).toBe('ok');
      }
    });

    it('rate-limits wrong enrollment codes per source and per code, and forgives after the window', async () => {
      const enroll = (code: string) => clientFor(hq, clock).post(paths.enroll, { code, deviceId: newId() }, credentialResponse);
      const same = 'AAAA-BBBB-CCCC';
      for (let i = 0; i < 10; i++) expect(await failure(enroll(same))).toBe('code_invalid');
      expect(await failure(enroll(same))).toBe('rate_limited');
      // Other codes from the same place, until the address has used its own allowance.
      let answer = '';
      for (let i = 0; i < 40 && answer !== 'rate_limited'; i++) answer = await failure(enroll(`ZZZZ-ZZZZ-${String(i).padStart(4, 'Z').slice(-4)}`));
      expect(answer).toBe('rate_limited');
      const res = await hq.app.request(paths.enroll, { method: 'POST', body: JSON.stringify({ code: 'QQQQ-QQQQ-QQQQ', deviceId: newId() }), headers: versionHeaders });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      clock.advance(11 * 60_000);
      expect(await failure(enroll('QQQQ-QQQQ-QQQQ'))).toBe('code_invalid');
    });

    it('rate-limits wrong admin tokens per source', async () => {
      const codes = (token: string) => clientFor(hq, clock).post(paths.adminOperatorCodes, { ttlMinutes: 60 }, createCodeResponse, { authorization: `Bearer ${token}` });
      for (let i = 0; i < 20; i++) expect(await failure(codes(`wrong-${i}`))).toBe('unauthenticated');
      // Even the right token waits now: guessing cannot go on at speed.
      expect(await failure(codes(hq.secrets.adminToken!))).toBe('rate_limited');
      clock.advance(11 * 60_000);
      expect(await failure(codes(hq.secrets.adminToken!))).toBe('ok');
    });

    it('prints the bootstrap code with its expiry and refuses it afterwards', async () => {
      expect(hq.secrets.bootstrapExpiresAt).toBe(clock.now() + 24 * 60 * 60_000);
      clock.advance(24 * 60 * 60_000 + 1);
      const late = clientFor(hq, clock).post(paths.attach, { code: hq.secrets.bootstrapCode!, deviceId: newId(), operatorId: newId(), kind: 'center', siteId: newId(), workerId: null }, credentialResponse);
      expect(await failure(late)).toBe('code_invalid');
    });

    it('keeps the admin token hashed and rotates it: the old one stops working', async () => {
      const old = hq.secrets.adminToken!;
      expect(await setting(hq.db, 'admin_token_hash')).not.toContain(old);
      const list = (token: string) => clientFor(hq, clock).post(paths.adminOperatorCodes, { ttlMinutes: 60 }, z.object({ code: z.string() }), { authorization: `Bearer ${token}` });
      expect(await failure(list(old))).toBe('ok');
      const fresh = await rotateToken(hq.db, 'admin_token_hash');
      expect(await failure(list(old))).toBe('unauthenticated');
      expect(await failure(list(fresh))).toBe('ok');
    });

    it('serves /metrics only with the metrics token or the admin token', async () => {
      expect((await hq.app.request('/metrics')).status).toBe(401);
      expect((await hq.app.request('/metrics', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      const admin = await hq.app.request('/metrics', { headers: { authorization: `Bearer ${hq.secrets.adminToken!}` } });
      expect(admin.status).toBe(200);
      expect(await admin.text()).toContain('tomoni_hq_requests_total');
      const token = await rotateToken(hq.db, 'metrics_token_hash');
      expect((await hq.app.request('/metrics', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    });
  });
}
