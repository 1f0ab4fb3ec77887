// Moves HQ's stored rows into the buckets this code's bucket functions name (src-shared/sync/registry.ts), once per
// BUCKETS_VERSION, at start. Without it a change of a table's buckets (e.g. loaned PCs' home material, decision 0116)
// would hold only for rows written after the upgrade: older rows would stay out of the new buckets, and in buckets
// they should have left. Devices then receive the joins and leaves like any other change, in one transaction.
import { rowHash, CHECKSUM_VERSION } from '../../src-shared/sync/checksum';
import { BUCKETS_VERSION, syncedTables } from '../../src-shared/sync/registry';
import type { Row } from '../../src-shared/commands/define';
import { ChangeLog, INSERT_CHANGES_SQL } from '../store/entities';
import type { Param, Queryable, SqlDb } from '../store/sql';

const KEY = 'bucket_version';
/** Change-log rows per statement: 8 parameters each, well under PostgreSQL's 65,535. */
const CHUNK = 1000;

/** Returns the number of rows moved (0 when the store already follows this version). */
export async function rebucket(db: SqlDb): Promise<number> {
  return db.tx(async (q) => {
    const [setting] = await q.all<{ value: string }>('SELECT value FROM hq_settings WHERE key = ?', [KEY]);
    if (setting && Number(setting.value) === BUCKETS_VERSION) return 0;
    let moved = 0;
    for (const { operator_id: operatorId } of await q.all<{ operator_id: string }>('SELECT operator_id FROM operators_state ORDER BY operator_id')) {
      moved += await rebucketOperator(q, operatorId);
    }
    await q.run('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [KEY, String(BUCKETS_VERSION)]);
    return moved;
  });
}

async function rebucketOperator(q: Queryable, operatorId: string): Promise<number> {
  const log = await ChangeLog.open(q, operatorId);
  if (!log) return 0;
  const live = new Map<string, string[]>();
  for (const c of await q.all<{ tbl: string; id: string; bucket: string }>('SELECT tbl, id, bucket FROM changes WHERE operator_id = ? AND deleted = 0', [operatorId])) {
    const key = `${c.tbl}\u0000${c.id}`;
    const list = live.get(key);
    if (list) list.push(c.bucket);
    else live.set(key, [c.bucket]);
  }
  const changes: Param[][] = [];
  let moved = 0;
  for (const e of await q.all<{ tbl: string; id: string; data: string; hlc: string }>('SELECT tbl, id, data, hlc FROM entities WHERE operator_id = ?', [operatorId])) {
    const spec = syncedTables[e.tbl];
    if (!spec) continue;
    const data = JSON.parse(e.data) as Row;
    const want = [...new Set(spec.buckets(data))];
    const have = live.get(`${e.tbl}\u0000${e.id}`) ?? [];
    if (want.length === have.length && want.every((b) => have.includes(b))) continue;
    changes.push(...log.moveRow(e, rowHash(CHECKSUM_VERSION, e.tbl, e.id, e.hlc, data), have, want));
    moved += 1;
  }
  for (let i = 0; i < changes.length; i += CHUNK) {
    const part = changes.slice(i, i + CHUNK);
    await q.run(INSERT_CHANGES_SQL(part.length), part.flat());
  }
  await log.flush(q);
  return moved;
}
