// GET/HEAD /updates/<name>: electron-updater's generic feed, for enrolled devices (decision 0103). The channel files
// are written from the current release with HQ's rollout share; installers and blockmaps stream from disk with Range.
import fs from 'node:fs';
import path from 'node:path';
import type { Context, Env, Hono } from 'hono';
import { dump } from 'js-yaml';
import type { SqlDb } from '../store/sql';
import { SyncError } from '../sync/errors';
import { parseRange, rangedBody } from './ranges';
import { CHANNEL_NAME, currentRelease, SAFE_NAME } from './release-store';

export interface UpdateRouteDeps<E extends Env> {
  db: SqlDb;
  /** Where published files live; null when this HQ keeps no releases (then every update request is 404). */
  updatesDir: string | null;
  /** Throws unless the request comes from an enrolled, unrevoked device or HQ staff. */
  authenticate(c: Context<E>): Promise<void>;
}

const notFound = () => new SyncError('not_found', 404);

function contentTypeOf(name: string): string {
  if (name.endsWith('.yml')) return 'text/yaml; charset=utf-8';
  return 'application/octet-stream';
}

export function mountUpdateRoutes<E extends Env>(app: Hono<E>, deps: UpdateRouteDeps<E>): void {
  app.on(['GET', 'HEAD'], '/updates/:name', async (c) => {
    await deps.authenticate(c);
    const name = c.req.param('name');
    if (!deps.updatesDir || !SAFE_NAME.test(name)) throw notFound();
    if (CHANNEL_NAME.test(name)) {
      const release = await currentRelease(deps.db);
      const info = release?.channels[name];
      if (!release || !info) throw notFound();
      const served: Record<string, unknown> = { ...info };
      delete served.stagingPercentage;
      // Below 100 % the device decides with its own stable bucket (src-main/desktop/update-policy.ts, inRollout).
      if (release.percentage < 100) served.stagingPercentage = release.percentage;
      const text = dump(served, { lineWidth: -1, noRefs: true });
      const headers = { 'content-type': contentTypeOf(name), 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) };
      return new Response(c.req.method === 'HEAD' ? null : text, { status: 200, headers });
    }
    const file = path.join(deps.updatesDir, 'files', name);
    let size: number;
    try {
      const stat = await fs.promises.stat(file);
      if (!stat.isFile()) throw notFound();
      size = stat.size;
    } catch {
      throw notFound();
    }
    const ranges = parseRange(c.req.header('range'), size);
    if (ranges === 'unsatisfiable') return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}`, 'accept-ranges': 'bytes' } });
    const answer = rangedBody(file, size, ranges, contentTypeOf(name));
    const body = c.req.method === 'HEAD' ? null : (answer.open() as unknown as ReadableStream<Uint8Array>);
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
}
