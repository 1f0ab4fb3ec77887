// Malformed, oversized, unauthenticated, replayed or version-skewed requests get a 4xx with a clear code and change
// nothing — on SQLite and on PostgreSQL.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { PROTOCOL_VERSION, credentialResponse, paths, pushResponse } from '../../src-shared/sync/protocol';
import { TestClock } from '../helpers/app';
import { clientFor, command, openHq, signed, testStaffPublicKey, type Dialect } from './hq-helpers';

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`HQ refuses bad requests on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let auth: string;
    const adminId = newId();
    const operatorId = newId();

    const versionHeaders = { 'x-tomoni-protocol': String(PROTOCOL_VERSION), 'x-tomoni-schema': '1', 'x-tomoni-app': '0.1.0' };
    let pushBody = '';
    const validPush = () => pushBody;

    async function state() {
      const [e] = await hq.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM entities');
      const [d] = await hq.db.all<{ s: number }>('SELECT SUM(last_seq) AS s FROM devices');
      return [Number(e.n), Number(d.s)];
    }

    async function send(init: { body?: BodyInit; headers?: Record<string, string> }, path: string = paths.push) {
      const res = await hq.app.request(path, { method: 'POST', body: init.body, headers: { authorization: auth, 'x-request-id': newId(), ...versionHeaders, ...init.headers } });
      return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code };
    }

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      const deviceId = newId();
      const staffKeys = { [adminId]: testStaffPublicKey(adminId) };
      const cred = await clientFor(hq, clock).post(paths.attach, { code: hq.secrets.bootstrapCode!, deviceId, operatorId, kind: 'center', siteId: newId(), workerId: null, staffKeys }, credentialResponse);
      auth = `Device ${deviceId}.${cred.value.secret}`;
      // Signed like a real device's (the admin's key), and the same bytes every time it is sent.
      pushBody = JSON.stringify({ commands: [signed(command(1, 'people.createOperator', { id: operatorId, name: 'Op' }, { role: 'admin', staffId: adminId, workerId: null }, clock), deviceId)] });
    });
    afterEach(async () => {
      await hq.drop();
    });

    it('answers each kind of bad request with its code and changes nothing', async () => {
      const before = await state();
      const cases: [string, Promise<{ status: number; code?: string }>, number, string][] = [
        ['not JSON', send({ body: '{"commands": [', headers: { 'content-type': 'application/json' } }), 400, 'malformed'],
        ['wrong shape', send({ body: JSON.stringify({ commands: [{ seq: 'one' }] }) }), 400, 'malformed'],
        ['broken gzip', send({ body: new Uint8Array([0x1f, 0x8b, 1, 2, 3]), headers: { 'content-encoding': 'gzip' } }), 400, 'malformed'],
        ['gzip bomb', send({ body: new Uint8Array(gzipSync(Buffer.alloc(120 * 1024 * 1024, 32))), headers: { 'content-encoding': 'gzip' } }), 413, 'too_large'],
        ['oversized', send({ body: new Uint8Array(17 * 1024 * 1024) }), 413, 'too_large'],
        ['no credential', send({ body: validPush(), headers: { authorization: '' } }), 401, 'unauthenticated'],
        ['wrong secret', send({ body: validPush(), headers: { authorization: auth.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) } }), 401, 'unauthenticated'],
        ['no version headers', send({ body: validPush(), headers: { 'x-tomoni-protocol': '' } }), 400, 'malformed'],
        ['client newer than HQ', send({ body: validPush(), headers: { 'x-tomoni-protocol': String(PROTOCOL_VERSION + 1) } }), 426, 'hq_too_old'],
        ['unknown path', send({ body: '{}' }, '/sync/nothing'), 404, 'not_found'],
      ];
      // HQ serves one protocol version behind (rule 8); two behind must update first.
      if (PROTOCOL_VERSION >= 2) cases.push(['client two versions behind', send({ body: validPush(), headers: { 'x-tomoni-protocol': String(PROTOCOL_VERSION - 2) } }), 426, 'upgrade_required']);
      for (const [name, response, status, code] of cases) expect(await response, name).toEqual({ status, code });
      expect(await state(), 'nothing changed').toEqual(before);
    });

    it('refuses a replayed request id before it touches anything', async () => {
      const requestId = newId();
      const body = validPush();
      const first = await hq.app.request(paths.push, { method: 'POST', body, headers: { authorization: auth, 'x-request-id': requestId, ...versionHeaders } });
      expect(first.status).toBe(200);
      const after = await state();
      const replay = await hq.app.request(paths.push, { method: 'POST', body, headers: { authorization: auth, 'x-request-id': requestId, ...versionHeaders } });
      expect([replay.status, ((await replay.json()) as { error: { code: string } }).error.code]).toEqual([409, 'replayed']);
      expect(await state()).toEqual(after);
      // A retry of the same command under a new request id is harmless: that command is already applied.
      const retry = await clientFor(hq, clock, { deviceId: auth.slice(7).split('.')[0], secret: auth.split('.').slice(1).join('.') }).post(paths.push, JSON.parse(body), pushResponse);
      expect(retry.value.results[0].status).toBe('duplicate');
    });
  });
}
