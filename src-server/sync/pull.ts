// Serves a device's buckets (DESIGN.md rule 5): rows changed after each cursor, in pages, read from one consistent
// snapshot together with each complete bucket's checksum and the device's last applied seq (read-your-writes).
// The change log keeps one entry per row per bucket (the latest), so a new device gets current rows, not years of log.
import type { BucketCheckpoint, BucketPage, PullRequest, PullResponse } from '../../src-shared/sync/protocol';
import type { Param, Queryable, SqlDb } from '../store/sql';
import { countBucket } from './checksum-upgrade';
import { findDevice } from './devices';
import { SyncError } from './errors';
import { bucketsForDevice } from './scopes';
import { CURSOR_SLACK } from './bounds';

/**
 * A page's row images as the database joined them: one JSON text (`{"tbl":…,"id":…,"hlc":…,"data":…}` separated by
 * commas, the stored row data never parsed). A snapshot page is megabytes: building it row by row in JS (a string or
 * buffer per row, then concatenating) cost more CPU than reading it (decisions 0052, 0057).
 */
export interface RawRows {
  json: Uint8Array | string;
  /** Row images in `json`. */
  count: number;
}

/** A pull answer whose rows are still stored text, so HQ never parses and re-serializes them. */
export interface RawPull extends Omit<PullResponse, 'pages'> {
  pages: (Omit<BucketPage, 'rows'> & { rows: RawRows })[];
}

/** The answer's JSON as bytes (same document as `JSON.stringify` of the parsed PullResponse). */
export function serializePull(p: RawPull): Buffer {
  const late = p.lateRejections?.length ? `"lateRejections":${JSON.stringify(p.lateRejections)},` : '';
  const sizes = p.sizes ? `"sizes":${JSON.stringify(p.sizes)},` : '';
  const parts: Uint8Array[] = [Buffer.from(`{"hqTime":${p.hqTime},"buckets":${JSON.stringify(p.buckets)},"appliedSeq":${p.appliedSeq},"checkpoint":${JSON.stringify(p.checkpoint)},${late}${sizes}"pages":[`)];
  p.pages.forEach((page, n) => {
    parts.push(Buffer.from(`${n ? ',' : ''}{"bucket":${JSON.stringify(page.bucket)},"cursor":${page.cursor},"more":${page.more},"rows":[`));
    parts.push(typeof page.rows.json === 'string' ? Buffer.from(page.rows.json) : page.rows.json);
    parts.push(Buffer.from(']}'));
  });
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}

/** One row image as JSON, written by the database from the change-log row `c` and the entity `e` (null data: gone). */
const imageSql = {
  sqlite: `'{"tbl":' || json_quote(c.tbl) || ',"id":' || json_quote(c.id) || ',"hlc":' || json_quote(COALESCE(e.hlc, '')) || ',"data":' ||
    (CASE WHEN c.deleted = 1 OR e.data IS NULL THEN 'null' ELSE e.data END) || '}'`,
  pg: `'{"tbl":' || to_json(c.tbl)::text || ',"id":' || to_json(c.id)::text || ',"hlc":' || to_json(COALESCE(e.hlc, ''))::text || ',"data":' ||
    (CASE WHEN c.deleted = 1 OR e.data IS NULL THEN 'null' ELSE e.data END) || '}'`,
};
const joinedSql = {
  sqlite: `CAST(group_concat(image, ',' ORDER BY cursor) AS BLOB)`,
  pg: `string_agg(image, ',' ORDER BY cursor)`,
};

/** Bytes of one row image (UTF-8), the unit of a device's page budget; null (an echo left out) counts nothing. */
const imageBytes = { sqlite: 'length(CAST(image AS BLOB))', pg: 'octet_length(image)' };

function pageSql(dialect: Queryable['dialect'], byBytes: boolean): string {
  // A device's own inserts are not sent back to it (`origin` = the device, `echo`): it already holds exactly that row
  // and counts it into the bucket itself when HQ acknowledges the command. They still move the cursor. A bucket the
  // device fills from nothing (cursor 0, or named in `full` on every later page of it) passes no device here and gets
  // everything (decision 0063).
  const rows = `SELECT c.cursor AS cursor, CASE WHEN c.echo = 1 AND c.origin = ? THEN NULL ELSE ${imageSql[dialect]} END AS image
      FROM changes c LEFT JOIN entities e ON e.operator_id = c.operator_id AND e.tbl = c.tbl AND e.id = c.id
      WHERE c.operator_id = ? AND c.bucket = ? AND c.cursor > ? ORDER BY c.cursor LIMIT ?`;
  if (!byBytes) return `SELECT max(cursor) AS last, count(*) AS taken, count(image) AS sent, ${joinedSql[dialect]} AS json FROM (${rows}) page`;
  // A byte budget (decision 0097): rows in cursor order up to and including the one that reaches it, so a page is
  // never empty and its size follows what the device's link carries in the time it asked for.
  return `SELECT max(cursor) AS last, count(*) AS taken, count(image) AS sent, COALESCE(sum(len), 0) AS bytes, ${joinedSql[dialect]} AS json FROM (
      SELECT cursor, image, len, sum(len) OVER (ORDER BY cursor ROWS UNBOUNDED PRECEDING) AS upto FROM (
        SELECT cursor, image, COALESCE(${imageBytes[dialect]}, 0) AS len FROM (${rows}) taken) sized) page
      WHERE upto - len < ?`;
}
const pageSqls = {
  sqlite: { rows: pageSql('sqlite', false), bytes: pageSql('sqlite', true) },
  pg: { rows: pageSql('pg', false), bytes: pageSql('pg', true) },
};
const MORE_SQL = 'SELECT 1 AS x FROM changes WHERE operator_id = ? AND bucket = ? AND cursor > ? LIMIT 1';
/** The smallest row image (`{"tbl":…,"id":<uuid>,"hlc":…,"data":null}`): a byte budget never needs more rows than this allows. */
const MIN_IMAGE_BYTES = 64;

/** What one pull may still carry: rows, and bytes of row JSON when the device sized its pages by its link. */
interface Budget {
  rows: number;
  bytes: number | null;
}

/**
 * One page of a bucket's log after `from`: rows in cursor order within the budget, joined with the rows' current
 * data. Returns what the page used of the budget.
 */
async function readPage(q: Queryable, operatorId: string, bucket: string, from: number, budget: Budget, deviceId: string | null): Promise<{ page: Omit<RawPull['pages'][number], 'bucket'>; taken: number; bytes: number }> {
  const byBytes = budget.bytes !== null;
  // Under a byte budget the rows read are bounded by it too: a 64 KB page on a slow link reads hundreds of rows, not
  // the 20,000 a fast one gets.
  const rowCap = byBytes ? Math.min(budget.rows, Math.ceil(budget.bytes! / MIN_IMAGE_BYTES) + 1) : budget.rows;
  const params: Param[] = [deviceId, operatorId, bucket, from, rowCap];
  if (byBytes) params.push(budget.bytes!);
  const [found] = await q.all<{ last: number | null; taken: number; sent: number; bytes?: number | string; json: Uint8Array | string | null }>(
    pageSqls[q.dialect][byBytes ? 'bytes' : 'rows'],
    params,
  );
  const taken = Number(found?.taken ?? 0);
  const cursor = taken > 0 ? Number(found.last) : from;
  // A page cut by bytes ends before its row limit: whether more follows is asked of the log itself.
  const more = (byBytes ? taken > 0 : taken === budget.rows) && (await q.all(MORE_SQL, [operatorId, bucket, cursor])).length > 0;
  return { page: { cursor, more, rows: { json: found?.json ?? '', count: Number(found?.sent ?? 0) } }, taken, bytes: Number(found?.bytes ?? 0) };
}

/**
 * `checksumVersion`: the definition the client counts (checksum.ts). HQ stores version 2; a client one protocol behind
 * gets version 1 counted afresh for each complete bucket — slower, correct, and only until it updates.
 */
export async function pullChanges(
  db: SqlDb,
  deviceId: string,
  request: { cursors: PullRequest['cursors']; limit: number; maxBytes?: number; full?: readonly string[] },
  now: number,
  checksumVersion: 1 | 2 = 2,
): Promise<RawPull> {
  const full = new Set(request.full ?? []);
  return db.tx(
    async (q) => {
      const device = await findDevice(q, deviceId);
      if (!device) throw new SyncError('unauthenticated', 401);
      if (device.revoked_at) throw new SyncError('revoked', 403);
      const buckets = await bucketsForDevice(q, device);
      // Cursors of buckets that are not the device's are ignored, but each costs work: bounded (decision 0077).
      if (Object.keys(request.cursors).length > buckets.length + CURSOR_SLACK) throw new SyncError('too_large', 413);
      const states = new Map<string, BucketCheckpoint>();
      for (const b of buckets) {
        const rows = await q.all<{ cursor: number; checksum: number; count: number }>(
          'SELECT cursor, checksum, count FROM bucket_state WHERE operator_id = ? AND bucket = ?',
          [device.operator_id, b],
        );
        const r = rows[0];
        states.set(b, r ? { cursor: Number(r.cursor), checksum: Number(r.checksum), count: Number(r.count) } : { cursor: 0, checksum: 0, count: 0 });
      }
      const budget: Budget = { rows: request.limit, bytes: request.maxBytes ?? null };
      const pages: RawPull['pages'] = [];
      const checkpoint: Record<string, BucketCheckpoint> = {};
      for (const b of buckets) {
        const state = states.get(b)!;
        const from = request.cursors[b] ?? 0;
        const complete = async () => (checksumVersion === 2 ? state : { ...state, ...(await countBucket(q, device.operator_id, b, 1)) });
        if (from >= state.cursor) {
          checkpoint[b] = await complete();
          continue;
        }
        if (budget.rows <= 0 || (budget.bytes !== null && budget.bytes <= 0)) continue;
        const { page, taken, bytes } = await readPage(q, device.operator_id, b, from, budget, from === 0 || full.has(b) ? null : device.device_id);
        budget.rows -= taken;
        if (budget.bytes !== null) budget.bytes -= bytes;
        pages.push({ bucket: b, ...page });
        if (!page.more) checkpoint[b] = await complete();
      }
      const sizes = Object.fromEntries(pages.map((p) => [p.bucket, states.get(p.bucket)!.count]));
      return { hqTime: now, buckets, appliedSeq: device.last_seq, pages, checkpoint, ...(pages.length ? { sizes } : {}) };
    },
    { readOnly: true },
  );
}
