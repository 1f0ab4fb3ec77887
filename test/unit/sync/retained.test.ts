// The device's safety window on a real store: acknowledged commands move out of the queue into it, come back when HQ
// forgot them, and leave it after 30 days or beyond the byte budget, whichever comes first.
import { describe, expect, it } from 'vitest';
import { createRetained } from '../../../src-main/sync/retained';
import { openTestApp } from '../../helpers/app';

describe('safety window of acknowledged commands', () => {
  it('acknowledges into the window, re-queues from a seq, and prunes by age and by size', () => {
    const t = openTestApp();
    try {
      const { sqlite } = t.app.services.store;
      sqlite.prepare(`INSERT INTO sync_state (id, hq_url, sealed_secret, hq_applied_seq) VALUES ('self', 'http://hq', 'plain:x', 0)`).run();
      const add = sqlite.prepare(`INSERT INTO outbox (seq, id, name, args, actor, hlc, device_time, effects) VALUES (?, ?, 'audit.record', ?, '{}', 'h', 0, '[]')`);
      for (let seq = 1; seq <= 10; seq++) add.run(seq, `c${seq}`, JSON.stringify({ pad: 'x'.repeat(1000) }));
      const r = createRetained(sqlite);
      const day = 86_400_000;
      for (let seq = 1; seq <= 10; seq++) r.acknowledge(seq, seq <= 3 ? 0 : 40 * day);
      r.raiseAcked(10);
      expect(sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
      expect(r.facts()).toEqual({ lastIssued: 10, ackedSeq: 10, oldestRetained: 1, firstPending: null });
      // HQ restored to seq 7: 8..10 are queued again, in their original form.
      expect(r.requeueFrom(8)).toBe(3);
      expect(sqlite.prepare('SELECT id FROM outbox ORDER BY seq').pluck().all()).toEqual(['c8', 'c9', 'c10']);
      expect(r.facts()).toMatchObject({ ackedSeq: 7, oldestRetained: 1, firstPending: 8 });
      // 30 days: the three acknowledged on day 0 go at day 41.
      expect(r.prune(41 * day)).toBe(3);
      expect(r.facts().oldestRetained).toBe(4);
      // Bytes: a budget for about two commands keeps only the newest.
      r.prune(41 * day, { maxAgeMs: 30 * day, maxBytes: 2 * 1250 });
      expect(sqlite.prepare('SELECT seq FROM sync_acked ORDER BY seq').pluck().all()).toEqual([6, 7]);
    } finally {
      t.close();
    }
  });
});
