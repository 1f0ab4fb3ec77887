// Serves a device's buckets (DESIGN.md rule 5): rows changed after each cursor, in pages, read from one consistent
// snapshot together with each complete bucket's checksum and the device's last applied seq (read-your-writes).
// The change log keeps one entry per row per bucket (the latest), so a new device gets current rows, not years of log.
import type { BucketCheckpoint, BucketPage, PullRequest, PullResponse } from '../../src-shared/sync/protocol';
import type { Queryable, SqlDb } from '../store/sql';
import { findDevice } from './devices';
import { SyncError } from './errors';
import { bucketsForDevice } from './scopes';

interface ChangeRow {
  cursor: number;
  origin: string | null;
  echo: number;
  tbl: string;
  id: string;
  deleted: number;
  data: string | null;
  hlc: string | null;
}

/**
 * A row as stored: either its parts (row data still the stored JSON text, never parsed) or, on SQLite, the whole row
 * image already written as JSON by SQLite itself (`json`, UTF-8 bytes). A snapshot page is megabytes of text:
 * decoding it into JS strings, concatenating and encoding it back cost more CPU than reading it (decision 0052).
 */
export type RawRow = { tbl: string; id: string; hlc: string; raw: string | null } | { json: Uint8Array };

/** A pull answer whose rows are still stored text, so HQ never parses and re-serializes them. */
export interface RawPull extends Omit<PullResponse, 'pages'> {
  pages: (Omit<BucketPage, 'rows'> & { rows: RawRow[] })[];
}

const COMMA = Buffer.from(',');

/** The answer's JSON as bytes (same document as `JSON.stringify` of the parsed PullResponse). */
export function serializePull(p: RawPull): Buffer {
  const late = p.lateRejections?.length ? `"lateRejections":${JSON.stringify(p.lateRejections)},` : '';
  const parts: Uint8Array[] = [Buffer.from(`{"hqTime":${p.hqTime},"buckets":${JSON.stringify(p.buckets)},"appliedSeq":${p.appliedSeq},"checkpoint":${JSON.stringify(p.checkpoint)},${late}"pages":[`)];
  p.pages.forEach((page, n) => {
    parts.push(Buffer.from(`${n ? ',' : ''}{"bucket":${JSON.stringify(page.bucket)},"cursor":${page.cursor},"more":${page.more},"rows":[`));
    page.rows.forEach((r, i) => {
      if (i) parts.push(COMMA);
      parts.push('json' in r ? r.json : Buffer.from(`{"tbl":${JSON.stringify(r.tbl)},"id":${JSON.stringify(r.id)},"hlc":${JSON.stringify(r.hlc)},"data":${r.raw ?? 'null'}}`));
    });
    parts.push(Buffer.from(']}'));
  });
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}

/** One page of a bucket's log after `from`: up to `budget` rows in cursor order, joined with the rows' current data. */
async function readPage(q: Queryable, operatorId: string, bucket: string, from: number, budget: number, deviceId: string): Promise<{ page: Omit<RawPull['pages'][number], 'bucket'>; taken: number }> {
  const where = `FROM changes c LEFT JOIN entities e ON e.operator_id = c.operator_id AND e.tbl = c.tbl AND e.id = c.id
     WHERE c.operator_id = ? AND c.bucket = ? AND c.cursor > ? ORDER BY c.cursor LIMIT ?`;
  const params = [operatorId, bucket, from, budget + 1];
  // A device's own inserts are not sent back to it: it already holds exactly that row and counts it into the bucket
  // itself when HQ acknowledges the command. A full re-fetch (cursor 0) sends everything.
  const echo = (r: { origin: string | null; echo: number }) => from !== 0 && r.echo && r.origin === deviceId;
  const page = <R extends { cursor: number; origin: string | null; echo: number }>(found: R[], image: (r: R) => RawRow) => {
    const more = found.length > budget;
    const take = more ? found.slice(0, budget) : found;
    const rows: RawRow[] = [];
    for (const r of take) if (!echo(r)) rows.push(image(r));
    return { page: { cursor: Number(take.at(-1)?.cursor ?? from), more, rows }, taken: take.length };
  };
  if (q.dialect === 'sqlite') {
    const found = await q.all<{ cursor: number; origin: string | null; echo: number; json: Uint8Array }>(
      `SELECT c.cursor, c.origin, c.echo, CAST('{"tbl":' || json_quote(c.tbl) || ',"id":' || json_quote(c.id) || ',"hlc":' ||
         json_quote(COALESCE(e.hlc, '')) || ',"data":' || (CASE WHEN c.deleted OR e.data IS NULL THEN 'null' ELSE e.data END) || '}' AS BLOB) AS json ${where}`,
      params,
    );
    return page(found, (r) => ({ json: r.json }));
  }
  const found = await q.all<ChangeRow>(`SELECT c.cursor, c.tbl, c.id, c.deleted, c.origin, c.echo, e.data, e.hlc ${where}`, params);
  return page(found, (r) => ({ tbl: r.tbl, id: r.id, hlc: r.hlc ?? '', raw: r.deleted || r.data === null ? null : r.data }));
}

export async function pullChanges(db: SqlDb, deviceId: string, request: { cursors: PullRequest['cursors']; limit: number }, now: number): Promise<RawPull> {
  return db.tx(
    async (q) => {
      const device = await findDevice(q, deviceId);
      if (!device) throw new SyncError('unauthenticated', 401);
      if (device.revoked_at) throw new SyncError('revoked', 403);
      const buckets = await bucketsForDevice(q, device);
      const states = new Map<string, BucketCheckpoint>();
      for (const b of buckets) {
        const rows = await q.all<{ cursor: number; checksum: number; count: number }>(
          'SELECT cursor, checksum, count FROM bucket_state WHERE operator_id = ? AND bucket = ?',
          [device.operator_id, b],
        );
        const r = rows[0];
        states.set(b, r ? { cursor: Number(r.cursor), checksum: Number(r.checksum), count: Number(r.count) } : { cursor: 0, checksum: 0, count: 0 });
      }
      let budget = request.limit;
      const pages: RawPull['pages'] = [];
      const checkpoint: Record<string, BucketCheckpoint> = {};
      for (const b of buckets) {
        const state = states.get(b)!;
        const from = request.cursors[b] ?? 0;
        if (from >= state.cursor) {
          checkpoint[b] = state;
          continue;
        }
        if (budget <= 0) continue;
        const { page, taken } = await readPage(q, device.operator_id, b, from, budget, device.device_id);
        budget -= taken;
        pages.push({ bucket: b, ...page });
        if (!page.more) checkpoint[b] = state;
      }
      return { hqTime: now, buckets, appliedSeq: device.last_seq, pages, checkpoint };
    },
    { readOnly: true },
  );
}
