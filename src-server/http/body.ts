// Reading and writing sync bodies: size-limited, gzip/brotli aware, zod-validated. Bad input changes nothing.
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, constants } from 'node:zlib';
import type { Context } from 'hono';
import type { z } from 'zod';
import { SyncError } from '../sync/errors';

const brotli = promisify(brotliCompress);

export const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 96 * 1024 * 1024;

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new SyncError('too_large', 413);
  const raw = Buffer.from(await c.req.arrayBuffer());
  if (raw.length > MAX_BODY_BYTES) throw new SyncError('too_large', 413);
  const encoding = (c.req.header('content-encoding') ?? '').toLowerCase();
  let text: string;
  try {
    const inflated =
      encoding === 'gzip' ? gunzipSync(raw, { maxOutputLength: MAX_INFLATED_BYTES }) : encoding === 'br' ? brotliDecompressSync(raw, { maxOutputLength: MAX_INFLATED_BYTES }) : raw;
    text = inflated.toString('utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new SyncError('too_large', 413);
    throw new SyncError('malformed', 400);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyncError('malformed', 400);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SyncError('malformed', 400);
  return parsed.data;
}

/** A JSON answer's bytes as they go on the wire, and the content encoding they carry (null: none). */
export interface EncodedJson {
  body: Buffer;
  encoding: 'br' | 'gzip' | null;
}

/** JSON (a value, or JSON already serialized as text or UTF-8 bytes), compressed when the client accepts it. */
export function encodeJson(value: unknown, acceptEncoding: string): EncodedJson | Promise<EncodedJson> {
  const body = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  const accept = acceptEncoding.toLowerCase();
  if (body.length > 1024 && accept.includes('br')) {
    if (body.length > 1_000_000) {
      // Snapshot pages run to megabytes: quality 1 is ~4x faster than 4 for ~5% more bytes on such JSON, and a
      // large pull is bounded by compressing as much as by the wire (decision 0029). Off the event loop (libuv
      // pool), so HQ keeps reading the next page and serving other devices meanwhile (decision 0052).
      const params = { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
      return brotli(body, { params }).then((out) => ({ body: out, encoding: 'br' as const }));
    }
    return { body: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }), encoding: 'br' };
  }
  if (body.length > 1024 && accept.includes('gzip')) return { body: gzipSync(body, { level: 6 }), encoding: 'gzip' };
  return { body, encoding: null };
}

/** Sends an encoded JSON answer. */
export function sendEncoded(c: Context, encoded: EncodedJson, status = 200): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': c.get('requestId' as never) ?? '' };
  if (encoded.encoding) headers['content-encoding'] = encoded.encoding;
  return new Response(new Uint8Array(encoded.body), { status, headers });
}

/** JSON answer (a value, or JSON already serialized as text or UTF-8 bytes), compressed when the client accepts it. */
export function sendJson(c: Context, value: unknown, status = 200): Response | Promise<Response> {
  const encoded = encodeJson(value, c.req.header('accept-encoding') ?? '');
  return encoded instanceof Promise ? encoded.then((e) => sendEncoded(c, e, status)) : sendEncoded(c, encoded, status);
}
