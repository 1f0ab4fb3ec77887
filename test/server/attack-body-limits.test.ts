// Attack suite, issue 10 reproduction 3: bodies are limited while they stream in, before anything is buffered whole.
// One unauthenticated 600 MB chunked request used to grow HQ from 143 MB to 1.97 GB. HQ runs as its own process
// (as in production), on SQLite and on PostgreSQL; its resident memory is read from outside.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { PROTOCOL_VERSION, credentialResponse, paths } from '../../src-shared/sync/protocol';
import { HqClient } from '../../src-main/sync/hq-client';
import { httpTransport } from '../../src-main/sync/transport';
import { rssOf, sendChunked } from '../helpers/chunked';
import { startHqProcess, type HqProcess } from '../helpers/hq-process';
import { freshPgDatabase, type Dialect } from './hq-helpers';

const MB = 1024 * 1024;
const versionHeaders = { 'x-tomoni-protocol': String(PROTOCOL_VERSION), 'x-tomoni-schema': '1', 'x-tomoni-app': '0.1.0', 'content-type': 'application/json' };

/** A gzip stream of `total` zero bytes, made as it is read: a few hundred KB on the wire. */
function gzipBomb(total: number): Readable {
  let left = total;
  const zeros = Buffer.alloc(MB);
  const source = new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      left -= zeros.length;
      this.push(zeros);
    },
  });
  return source.pipe(createGzip({ level: 9 }));
}

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`HQ limits request bodies while they stream in (${dialect})`, () => {
    let hq: HqProcess;
    let dropDb: (() => Promise<void>) | null = null;
    let device = '';

    beforeAll(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-limits-'));
      const db = dialect === 'pg' ? await freshPgDatabase() : null;
      dropDb = db ? db.drop : null;
      hq = await startHqProcess(dir, { databaseUrl: db?.url });
      const deviceId = newId();
      const clock = { now: () => Date.now() };
      const { value } = await new HqClient(httpTransport(hq.url), { appVersion: '0.1.0', schemaVersion: 1 }, clock).post(
        paths.attach,
        { code: hq.bootstrapCode, deviceId, operatorId: newId(), kind: 'center', siteId: newId(), workerId: null },
        credentialResponse,
      );
      device = `Device ${deviceId}.${value.secret}`;
    });
    afterAll(async () => {
      await hq?.stop();
      await dropDb?.();
    });

    async function refusedWithFlatMemory(url: string, headers: Record<string, string>, body: { total: number } | Readable, bound: number) {
      const before = rssOf(hq.pid);
      const res = await sendChunked(url, headers, body);
      const grown = rssOf(hq.pid) - before;
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_large' } });
      expect(grown, `HQ grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(bound);
      return res;
    }

    it('refuses an unauthenticated 600 MB chunked enrollment before reading it, and its memory stays flat', async () => {
      const res = await refusedWithFlatMemory(hq.url + paths.enroll, versionHeaders, { total: 600 * MB }, 32 * MB);
      // HQ stopped the request long before its end: after its answer it drains at most 64 MB for half a second (so the
      // client reads the answer), then closes.
      expect(res.sent).toBeLessThan(160 * MB);
    });

    it('refuses a 600 MB chunked push at its route limit (16 MB)', async () => {
      const res = await refusedWithFlatMemory(hq.url + paths.push, { ...versionHeaders, authorization: device, 'x-request-id': newId() }, { total: 600 * MB }, 48 * MB);
      expect(res.sent).toBeLessThan(160 * MB);
    });

    it('cuts a streamed gzip bomb at the inflated limit of the route', async () => {
      // 2 GB of zeros in about 2 MB of gzip to the enrollment route (256 KB inflated at most).
      await refusedWithFlatMemory(hq.url + paths.enroll, { ...versionHeaders, 'content-encoding': 'gzip' }, gzipBomb(2048 * MB), 32 * MB);
      // And to the pull route (4 MB inflated) of an enrolled device.
      await refusedWithFlatMemory(hq.url + paths.pull, { ...versionHeaders, authorization: device, 'content-encoding': 'gzip' }, gzipBomb(2048 * MB), 32 * MB);
    });

    it('still serves ordinary requests afterwards', async () => {
      const health = await fetch(hq.url + '/health');
      expect(health.status).toBe(200);
    });
  });
}
