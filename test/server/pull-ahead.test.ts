// HQ reads a device's next pull page ahead (decision 0061): the device gets exactly what a fresh read would give,
// a request for something else is read afresh, and a page read before the device's own latest push is never served
// (read-your-writes, DESIGN.md rule 5).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { fullAfter, paths, pullResponse, pushResponse, type PullResponse } from '../../src-shared/sync/protocol';
import type { HqClient } from '../../src-main/sync/hq-client';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, command, openHq, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];

for (const dialect of dialects) {
  describe(`pull pages read ahead on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let client: HqClient;
    let admin: Awaited<ReturnType<typeof attachOperatorWithAdmin>>['admin'];
    const siteIds = Array.from({ length: 25 }, () => newId());
    const site = (id: string, name: string) => ({ id, code: `S${siteIds.indexOf(id)}`, name, kind: 'center', active: true });

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      ({ client, admin } = await attachOperatorWithAdmin(hq, clock));
      const commands = siteIds.map((id, i) => command(i + 3, 'people.upsertSite', site(id, `拠点${i}`), admin, clock));
      await client.post(paths.push, { commands }, pushResponse);
    });
    afterEach(async () => {
      await hq.drop();
    });

    // `full`: buckets still being filled from nothing, as a device names them (decision 0063).
    const pull = async (cursors: Record<string, number>, full: string[] = []) => (await client.post(paths.pull, { cursors, limit: 10, ...(full.length ? { full } : {}) }, pullResponse)).value;
    const next = (cursors: Record<string, number>, answer: PullResponse) => ({ ...cursors, ...Object.fromEntries(answer.pages.map((p) => [p.bucket, p.cursor])) });
    const ahead = async () => {
      const text = await hq.metrics.registry.getSingleMetricAsString('tomoni_hq_pull_ahead_total');
      const count = (result: string) => Number(new RegExp(`result="${result}"} (\\d+)`).exec(text)?.[1] ?? 0);
      return { hit: count('hit'), miss: count('miss'), stale: count('stale') };
    };

    it('serves the page it read ahead, the same as a fresh read', async () => {
      const first = await pull({});
      expect(first.pages.some((p) => p.more)).toBe(true);
      const cursors = next({}, first);
      const full = fullAfter({}, [], first.pages, first.checkpoint);
      const served = await pull(cursors, full);
      expect(await ahead()).toEqual({ hit: 1, miss: 0, stale: 0 });
      // Another device could not tell: the same request read afresh gives the same pages and checkpoints.
      const again = await pull(cursors, full);
      expect(await ahead()).toEqual({ hit: 1, miss: 1, stale: 0 });
      expect({ ...served, hqTime: 0 }).toEqual({ ...again, hqTime: 0 });
    });

    it('reads afresh after the device pushed: its own write is in the answer', async () => {
      const first = await pull({});
      const renamed = siteIds[0];
      const res = await client.post(paths.push, { commands: [command(28, 'people.upsertSite', site(renamed, '新しい名前'), admin, clock)] }, pushResponse);
      expect(res.value.results[0].status).toBe('applied');
      let cursors = next({}, first);
      let full = fullAfter({}, [], first.pages, first.checkpoint);
      let answer = await pull(cursors, full);
      expect(answer.appliedSeq).toBe(28);
      expect(await ahead()).toMatchObject({ stale: 1 });
      const names = new Map<string, unknown>();
      for (const a of [first, answer]) for (const p of a.pages) for (const r of p.rows) if (r.tbl === 'sites') names.set(r.id, r.data?.name);
      while (answer.pages.some((p) => p.more)) {
        full = fullAfter(cursors, full, answer.pages, answer.checkpoint);
        cursors = next(cursors, answer);
        answer = await pull(cursors, full);
        for (const p of answer.pages) for (const r of p.rows) if (r.tbl === 'sites') names.set(r.id, r.data?.name);
      }
      expect(names.get(renamed)).toBe('新しい名前');
    });
  });
}
