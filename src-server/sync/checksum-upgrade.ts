// Brings HQ's stored bucket checksums to this code's checksum definition (src-shared/sync/checksum.ts), once, at
// start: an HQ that counted version 1 (table, id, hlc) recounts every bucket over row content in one transaction and
// records the version in hq_settings (decision 0063). A fresh HQ has nothing to recount.
import { addToChecksum, CHECKSUM_VERSION, rowHash } from '../../src-shared/sync/checksum';
import type { Queryable, SqlDb } from '../store/sql';

const KEY = 'checksum_version';

/** One bucket's checksum and count in `version`, summed over its current rows (also used for older clients). */
export async function countBucket(q: Queryable, operatorId: string, bucket: string, version: 1 | 2): Promise<{ checksum: number; count: number }> {
  const rows = await q.all<{ tbl: string; id: string; hlc: string; data: string }>(
    `SELECT c.tbl, c.id, e.hlc, ${version === 1 ? "'' AS data" : 'e.data'} FROM changes c
     JOIN entities e ON e.operator_id = c.operator_id AND e.tbl = c.tbl AND e.id = c.id
     WHERE c.operator_id = ? AND c.bucket = ? AND c.deleted = 0`,
    [operatorId, bucket],
  );
  let checksum = 0;
  for (const r of rows) checksum = addToChecksum(checksum, rowHash(version, r.tbl, r.id, r.hlc, version === 1 ? null : JSON.parse(r.data)));
  return { checksum, count: rows.length };
}

/** Returns the number of buckets recounted (0 when the store already follows this version). */
export async function upgradeChecksums(db: SqlDb): Promise<number> {
  return db.tx(async (q) => {
    const [setting] = await q.all<{ value: string }>('SELECT value FROM hq_settings WHERE key = ?', [KEY]);
    if (setting && Number(setting.value) === CHECKSUM_VERSION) return 0;
    const buckets = await q.all<{ operator_id: string; bucket: string }>('SELECT operator_id, bucket FROM bucket_state');
    for (const b of buckets) {
      const { checksum, count } = await countBucket(q, b.operator_id, b.bucket, CHECKSUM_VERSION);
      await q.run('UPDATE bucket_state SET checksum = ?, count = ? WHERE operator_id = ? AND bucket = ?', [checksum, count, b.operator_id, b.bucket]);
    }
    await q.run('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [KEY, String(CHECKSUM_VERSION)]);
    return buckets.length;
  });
}
