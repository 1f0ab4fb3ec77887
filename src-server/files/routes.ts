// /files/<sha256>: source files between devices and HQ (decision 0120). Device-authenticated; a device moves only
// files its rows name (access.ts). PUT appends one chunk at `?offset=` and answers how far HQ's copy reaches; GET
// streams the file with Range, so a cut download goes on from where it stopped.
import type { Context, Env, Hono } from 'hono';
import { MAX_FILE_CHUNK, filesStatusPath, filesStatusRequest, sha256Hex, type FileStatus } from '../../src-shared/files/protocol';
import { readBody, readLimited } from '../http/body';
import type { SqlDb } from '../store/sql';
import type { DeviceRecord } from '../sync/devices';
import { SyncError } from '../sync/errors';
import { parseRange, rangedBody } from '../updates/ranges';
import { fileInScope, filesInScope } from './access';
import type { HqFileStore } from './file-store';

export interface FileRouteDeps<E extends Env> {
  db: SqlDb;
  /** Null when this HQ keeps no files: every file request is 404 and devices keep theirs until it does. */
  files: HqFileStore | null;
  authenticate(c: Context<E>): Promise<DeviceRecord>;
  /** Counts bytes moved, for /metrics. */
  moved(direction: 'in' | 'out', bytes: number): void;
}

const notFound = () => new SyncError('not_found', 404);

async function allowed<E extends Env>(deps: FileRouteDeps<E>, c: Context<E>): Promise<{ device: DeviceRecord; sha256: string; bytes: number; files: HqFileStore }> {
  const device = await deps.authenticate(c);
  const sha = sha256Hex.safeParse(c.req.param('sha256'));
  if (!sha.success) throw new SyncError('malformed', 400);
  if (!deps.files) throw notFound();
  const named = await fileInScope(deps.db, device, sha.data);
  // Outside the device's scope and unknown look the same: a device learns nothing about files it may not have.
  if (!named) throw new SyncError('forbidden', 403);
  return { device, sha256: sha.data, bytes: named.bytes, files: deps.files };
}

export function mountFileRoutes<E extends Env>(app: Hono<E>, deps: FileRouteDeps<E>): void {
  // One request for a page of files: a PC that made thousands of pages asks once per 500, not once per file.
  app.post(filesStatusPath, async (c) => {
    const device = await deps.authenticate(c);
    const { sha256s } = await readBody(c, filesStatusRequest);
    if (!deps.files) throw notFound();
    const files: Record<string, FileStatus> = {};
    for (const [sha256, bytes] of await filesInScope(deps.db, device, [...new Set(sha256s)])) files[sha256] = await deps.files.status(device.operator_id, sha256, bytes);
    return c.json({ files });
  });

  app.get('/files/:sha256/status', async (c) => {
    const { device, sha256, bytes, files } = await allowed(deps, c);
    return c.json((await files.status(device.operator_id, sha256, bytes)) satisfies FileStatus);
  });

  app.put('/files/:sha256', async (c) => {
    const { device, sha256, bytes, files } = await allowed(deps, c);
    // Files are made into batches at center PCs only; a loaned PC (or a keyer's PC with a bad copy) never adds bytes
    // to a file another PC is sending, which would make HQ throw the whole file away at the hash check.
    if (device.kind !== 'center') throw new SyncError('forbidden', 403);
    const raw = c.req.query('offset') ?? '';
    const offset = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(offset) || offset > bytes) throw new SyncError('malformed', 400);
    const data = await readLimited(c, { wire: MAX_FILE_CHUNK, inflated: MAX_FILE_CHUNK });
    const declared = c.req.header('content-length');
    // A body cut short by the link is not appended: HQ keeps only whole chunks, and the device sends it again.
    if (declared !== undefined && Number(declared) !== data.length) throw new SyncError('malformed', 400);
    const result = await files.append(device.operator_id, sha256, bytes, offset, data);
    deps.moved('in', data.length);
    if (result.mismatch) throw new SyncError('file_mismatch', 409);
    return c.json(result satisfies FileStatus);
  });

  app.on(['GET', 'HEAD'], '/files/:sha256', async (c) => {
    const { device, sha256, bytes, files } = await allowed(deps, c);
    if (!(await files.status(device.operator_id, sha256, bytes)).complete) throw notFound();
    const ranges = parseRange(c.req.header('range'), bytes);
    if (ranges === 'unsatisfiable') return new Response(null, { status: 416, headers: { 'content-range': `bytes */${bytes}`, 'accept-ranges': 'bytes' } });
    if (ranges && ranges.length > 1) throw new SyncError('malformed', 400);
    const answer = rangedBody(files.pathOf(device.operator_id, sha256), bytes, ranges, 'application/octet-stream');
    if (c.req.method === 'GET') deps.moved('out', ranges ? ranges[0].end - ranges[0].start + 1 : bytes);
    const body = c.req.method === 'HEAD' ? null : (answer.open() as unknown as ReadableStream<Uint8Array>);
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
}
