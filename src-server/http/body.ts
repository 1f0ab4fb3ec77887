// Reading and writing sync bodies: size-limited while they stream in (before anything is buffered whole), gzip/brotli
// aware with the inflated size limited too (a compression bomb stops at the limit), zod-validated. Bad input changes
// nothing.
import { promisify } from 'node:util';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { brotliCompress, brotliCompressSync, createBrotliDecompress, createGunzip, gzipSync, constants } from 'node:zlib';
import type { Context } from 'hono';
import type { z } from 'zod';
import { SyncError } from '../sync/errors';

const brotli = promisify(brotliCompress);

/** How many bytes a request may carry on the wire and once decompressed (decision 0076). */
export interface BodyLimit {
  wire: number;
  inflated: number;
}

const MB = 1024 * 1024;
/** Per route: a push carries up to a batch of commands; a pull only its cursors; codes and admin calls a few fields. */
export const bodyLimits = {
  push: { wire: 16 * MB, inflated: 96 * MB },
  pull: { wire: 1 * MB, inflated: 4 * MB },
  small: { wire: 64 * 1024, inflated: 256 * 1024 },
} as const satisfies Record<string, BodyLimit>;

const tooLarge = () => new SyncError('too_large', 413);

/** The body's bytes, decompressed, stopping as soon as either limit is passed. */
export async function readLimited(c: Context, limit: BodyLimit): Promise<Buffer> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > limit.wire) throw tooLarge();
  const encoding = (c.req.header('content-encoding') ?? '').toLowerCase();
  if (encoding && encoding !== 'gzip' && encoding !== 'br' && encoding !== 'identity') throw new SyncError('malformed', 400);
  const stream = c.req.raw.body;
  if (!stream) return Buffer.alloc(0);
  let wire = 0;
  let inflated = 0;
  let over = false;
  const chunks: Buffer[] = [];
  const countWire = new Transform({
    transform(chunk: Buffer, _enc, done) {
      wire += chunk.length;
      if (wire > limit.wire) {
        over = true;
        return done(tooLarge());
      }
      done(null, chunk);
    },
  });
  const collect = new Writable({
    write(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
      if (inflated > limit.inflated) {
        over = true;
        return done(tooLarge());
      }
      chunks.push(chunk);
      done();
    },
  });
  const source = Readable.fromWeb(stream as unknown as NodeReadableStream<Uint8Array>);
  try {
    if (encoding === 'gzip') await pipeline(source, countWire, createGunzip(), collect);
    else if (encoding === 'br') await pipeline(source, countWire, createBrotliDecompress(), collect);
    else await pipeline(source, countWire, collect);
  } catch (err) {
    if (over) throw tooLarge();
    if (err instanceof SyncError) throw err;
    // zlib's refusal of bytes that are not what they claim to be; a dropped link stays what it is (the caller logs it).
    if ((err as { code?: string }).code?.startsWith('Z_') || (err as { errno?: number }).errno !== undefined) throw new SyncError('malformed', 400);
    throw err;
  }
  return Buffer.concat(chunks, inflated);
}

/**
 * A JSON body within `limit`, checked by `precheck` (cheap bounds on the raw value, before zod walks it) and the
 * schema.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S, limit: BodyLimit = bodyLimits.small, precheck?: (json: unknown) => void): Promise<z.output<S>> {
  const raw = await readLimited(c, limit);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SyncError('malformed', 400);
  }
  precheck?.(json);
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
