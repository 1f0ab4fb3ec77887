// HQ answers every declared lookup from its index, on SQLite and on PostgreSQL (Signal's EXPLAIN QUERY PLAN checks):
// a find that fell back to scanning the operator's rows would cost a full table read per pushed command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncedTables } from '../../src-shared/sync/registry';
import { findSql } from '../../src-server/store/lookups';
import { TestClock } from '../helpers/app';
import { openHq, type Dialect } from './hq-helpers';

const lookups = Object.entries(syncedTables).flatMap(([tbl, spec]) => (spec.lookups ?? []).map((fields) => ({ tbl, fields })));

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`HQ lookups on ${dialect}`, () => {
    let hq: Awaited<ReturnType<typeof openHq>>;
    beforeAll(async () => {
      hq = await openHq(dialect, new TestClock());
    });
    afterAll(async () => {
      await hq.drop();
    });

    it.each(lookups.map((l) => [`${l.tbl} by ${l.fields.join(', ')}`, l] as const))('finds %s through its index', async (_name, { tbl, fields }) => {
      const index = `entities_lookup_${tbl}_${fields.join('_')}`.toLowerCase();
      const { sql, params } = findSql(dialect, tbl, Object.fromEntries(fields.map((f) => [f, 'x'])));
      if (dialect === 'sqlite') {
        const plan = await hq.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ['operator', ...params]);
        expect(plan.map((p) => p.detail).join(' | ')).toContain(`USING INDEX ${index}`);
      } else {
        // An empty table would be read whole by any planner: ask whether the index can serve the query at all.
        const plan = await hq.db.tx(async (q) => {
          await q.run('SET LOCAL enable_seqscan = off');
          return q.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, ['operator', ...params]);
        });
        expect(plan.map((p) => p['QUERY PLAN']).join(' | ')).toContain(index);
      }
    });
  });
}
