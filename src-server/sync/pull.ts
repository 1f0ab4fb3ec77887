// Serves a device's buckets (DESIGN.md rule 5): rows changed after each cursor, in pages, read from one consistent
// snapshot together with each complete bucket's checksum and the device's last applied seq (read-your-writes).
// The change log keeps one entry per row per bucket (the latest), so a new device gets current rows, not years of log.
import type { BucketCheckpoint, BucketPage, PullRequest, PullResponse } from '../../src-shared/sync/protocol';
import type { SqlDb } from '../store/sql';
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

/** A pull answer whose row data is still the stored JSON text, so HQ never parses and re-serializes it. */
export interface RawPull extends Omit<PullResponse, 'pages'> {
  pages: (Omit<BucketPage, 'rows'> & { rows: { tbl: string; id: string; hlc: string; raw: string | null }[] })[];
}

export function serializePull(p: RawPull): string {
  const pages = p.pages.map(
    (page) =>
      `{"bucket":${JSON.stringify(page.bucket)},"cursor":${page.cursor},"more":${page.more},"rows":[` +
      page.rows.map((r) => `{"tbl":${JSON.stringify(r.tbl)},"id":${JSON.stringify(r.id)},"hlc":${JSON.stringify(r.hlc)},"data":${r.raw ?? 'null'}}`).join(',') +
      ']}',
  );
  return `{"hqTime":${p.hqTime},"buckets":${JSON.stringify(p.buckets)},"appliedSeq":${p.appliedSeq},"checkpoint":${JSON.stringify(p.checkpoint)},"pages":[${pages.join(',')}]}`;
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
        const rows = await q.all<ChangeRow>(
          `SELECT c.cursor, c.tbl, c.id, c.deleted, c.origin, c.echo, e.data, e.hlc FROM changes c
           LEFT JOIN entities e ON e.operator_id = c.operator_id AND e.tbl = c.tbl AND e.id = c.id
           WHERE c.operator_id = ? AND c.bucket = ? AND c.cursor > ? ORDER BY c.cursor LIMIT ?`,
          [device.operator_id, b, from, budget + 1],
        );
        const more = rows.length > budget;
        const take = more ? rows.slice(0, budget) : rows;
        budget -= take.length;
        pages.push({
          bucket: b,
          cursor: Number(take.at(-1)?.cursor ?? from),
          more,
          // A device's own inserts are not sent back to it: it already holds exactly that row and counts it into
          // the bucket itself when HQ acknowledges the command. A full re-fetch (cursor 0) sends everything.
          rows: take.filter((r) => from === 0 || !(r.echo && r.origin === device.device_id)).map((r) => ({
            tbl: r.tbl,
            id: r.id,
            hlc: r.hlc ?? '',
            raw: r.deleted || r.data === null ? null : r.data,
          })),
        });
        if (!more) checkpoint[b] = state;
      }
      return { hqTime: now, buckets, appliedSeq: device.last_seq, pages, checkpoint };
    },
    { readOnly: true },
  );
}
