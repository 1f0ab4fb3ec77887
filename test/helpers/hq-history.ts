// An HQ data folder holding an operator, its site and years of audit lines, written with HQ's own write path in
// process and then closed, to be started as `npm run hq` (test/helpers/hq-process.ts): a new PC joining it has many
// pages to take. The lines vary like real rows, so they compress like them.
import { createEnrollmentCode } from '../../src-server/admin/enrollment';
import { createHq } from '../../src-server/hq';
import type { Logger } from '../../src-server/logging/logger';
import { formatHlc } from '../../src-shared/core/hlc';
import { newId } from '../../src-shared/core/ids';
import { addToChecksum, rowHashV2 } from '../../src-shared/sync/checksum';
import { paths, pushResponse } from '../../src-shared/sync/protocol';
import { attachOperatorWithAdmin, command } from '../server/hq-helpers';
import { TestClock } from './app';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Returns an enrollment code (valid for an hour) for a new center PC of the operator's site. */
export async function prepareHqWithHistory(hqDir: string, history: number): Promise<{ code: string; operatorId: string; siteId: string }> {
  const clock = new TestClock(Date.now());
  const hq = await createHq({ dataDir: hqDir, now: () => clock.now(), log: silent });
  try {
    const siteId = newId();
    const { operatorId, client, admin } = await attachOperatorWithAdmin(hq, clock, { siteId });
    const site = await client.post(paths.push, { commands: [command(3, 'people.upsertSite', { id: siteId, code: 'SJ', name: '塩尻', kind: 'center', active: true }, admin, clock)] }, pushResponse);
    if (site.value.results[0].status !== 'applied') throw new Error(`site refused: ${JSON.stringify(site.value.results)}`);
    const bucket = `op:${operatorId}`;
    await hq.db.tx(async (q) => {
      const [{ last_cursor }] = await q.all<{ last_cursor: number }>('SELECT last_cursor FROM operators_state WHERE operator_id = ?', [operatorId]);
      let cursor = Number(last_cursor);
      let sum = 0;
      for (let i = 0; i < history; i++) {
        const at = clock.now() - (history - i) * 61_000;
        const row = {
          id: newId(),
          operatorId,
          at,
          actorType: 'worker',
          actorId: `W${String(i % 38).padStart(4, '0')}`,
          action: 'entry.keyRecord',
          targetId: newId(),
          details: { slipNo: `S${(i * 7919) % 100_000}`, customer: `C${(i * 104_729) % 9_973}`, category: ['交通費', '消耗品', '通信費'][i % 3], amount: (i * 37) % 50_000 },
          deviceId: 'history',
          hlc: formatHlc({ wallMs: at, counter: 0, node: 'history00001' }),
        };
        const data = JSON.stringify(row);
        await q.run('INSERT INTO entities (operator_id, tbl, id, data, hlc, field_hlc) VALUES (?, ?, ?, ?, ?, NULL)', [operatorId, 'auditLog', row.id, data, row.hlc]);
        await q.run('INSERT INTO changes (operator_id, bucket, tbl, id, cursor, deleted, origin, echo) VALUES (?, ?, ?, ?, ?, 0, NULL, 0)', [operatorId, bucket, 'auditLog', row.id, ++cursor]);
        sum = addToChecksum(sum, rowHashV2('auditLog', row.id, row.hlc, data));
      }
      await q.run('UPDATE operators_state SET last_cursor = ? WHERE operator_id = ?', [cursor, operatorId]);
      await q.run('UPDATE bucket_state SET cursor = ?, checksum = (checksum + ?) % 4294967296, count = count + ? WHERE operator_id = ? AND bucket = ?', [cursor, sum, history, operatorId, bucket]);
    });
    const { code } = await createEnrollmentCode(hq.db, { operatorId, kind: 'center', siteId, workerId: null, ttlMinutes: 60 }, clock.now());
    return { code, operatorId, siteId };
  } finally {
    await hq.close();
  }
}
