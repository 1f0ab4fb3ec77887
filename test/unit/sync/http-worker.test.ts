// The sync HTTP worker against a real local HTTP server: compressed JSON arrives decoded (bytes and text), the
// request body and headers get through, and network failures keep fetch's shape so the client reports "network".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HqClient, SyncHttpError } from '../../../src-main/sync/hq-client';
import { httpTransport } from '../../../src-main/sync/transport';

let server: http.Server;
let url: string;
const seen: { headers: http.IncomingHttpHeaders; bytes: number }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, bytes: Buffer.concat(chunks).length });
      if (req.url === '/slow') return setTimeout(() => res.end('{}'), 2_000);
      const body = JSON.stringify({ hqTime: Date.now(), echo: '本部の応答', big: 'あ'.repeat(200_000) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      res.end(brotliCompressSync(Buffer.from(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('sync HTTP on a worker thread', () => {
  it('sends the request and returns the answer decompressed, as bytes and as text', async () => {
    const res = await httpTransport(url)({ method: 'POST', path: '/sync/pull', headers: { 'x-test': '1' }, body: new TextEncoder().encode('{"a":1}') });
    expect(res.status).toBe(200);
    const parsed = JSON.parse(res.text!) as { echo: string; big: string };
    expect(parsed.echo).toBe('本部の応答');
    expect(parsed.big).toHaveLength(200_000);
    expect(Buffer.from(res.body).toString('utf8')).toBe(res.text);
    expect(seen.at(-1)).toMatchObject({ bytes: 7, headers: { 'x-test': '1', 'accept-encoding': 'br, gzip' } });
  });

  it('answers concurrent requests each with its own reply', async () => {
    const transport = httpTransport(url);
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => transport({ method: 'POST', path: `/r${i}`, headers: {}, body: null })));
    expect(replies.every((r) => r.status === 200 && JSON.parse(r.text!).echo === '本部の応答')).toBe(true);
  });

  it('reports an unreachable HQ and a timeout as network trouble', async () => {
    const client = new HqClient(httpTransport('http://127.0.0.1:9'), { appVersion: '0.1.0', schemaVersion: 1 }, { now: () => Date.now() });
    const refused = await client.post('/sync/pull', {}, z.object({})).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SyncHttpError);
    expect((refused as SyncHttpError).code).toBe('network');
    const slow = await httpTransport(url, null, 300)({ method: 'POST', path: '/slow', headers: {}, body: null }).catch((e: unknown) => e as Error);
    expect(slow).toBeInstanceOf(Error);
    expect((slow as Error).name).toMatch(/TimeoutError|AbortError/);
  });
});
