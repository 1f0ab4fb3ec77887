// Pull pages sized in bytes (decision 0097): a device on a slow link asks for a byte budget and HQ stops each page at
// the row that reaches it — never an empty page, every row exactly once, the same rows as a page by rows. A page is
// addressed by its cursor: asking again for the same cursor (a cut page) gives the same page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { cursorsAfter, fullAfter, paths, pullResponse, pushResponse, type PullResponse } from '../../src-shared/sync/protocol';
import type { HqClient } from '../../src-main/sync/hq-client';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, command, openHq, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];
const SITES = 60;

/** Bytes of a row image as HQ counts them (UTF-8 of its JSON). */
const bytesOf = (row: PullResponse['pages'][number]['rows'][number]) => Buffer.byteLength(JSON.stringify(row));

for (const dialect of dialects) {
  describe(`pull pages by bytes on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let client: HqClient;

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      let admin;
      ({ client, admin } = await attachOperatorWithAdmin(hq, clock));
      // Japanese names: the budget counts bytes, not characters.
      const commands = Array.from({ length: SITES }, (_, i) =>
        command(i + 3, 'people.upsertSite', { id: newId(), code: `S${i}`, name: `拠点${'長野県塩尻市'.repeat(1 + (i % 4))}${i}`, kind: 'center', active: true }, admin, clock),
      );
      const res = await client.post(paths.push, { commands }, pushResponse);
      expect(res.value.results.every((r) => r.status === 'applied')).toBe(true);
    });
    afterEach(async () => {
      await hq.drop();
    });

    /** Every page from nothing to the checkpoint, as a device filling its buckets asks for them. */
    async function pullAll(size: { limit: number; maxBytes?: number }): Promise<{ answers: PullResponse[]; rows: Map<string, unknown> }> {
      let cursors: Record<string, number> = {};
      let full: string[] = [];
      const answers: PullResponse[] = [];
      const rows = new Map<string, unknown>();
      for (let i = 0; i < 500; i++) {
        const { value } = await client.post(paths.pull, { cursors, ...size, ...(full.length ? { full } : {}) }, pullResponse);
        answers.push(value);
        for (const page of value.pages) for (const r of page.rows) {
          expect(rows.has(`${r.tbl}/${r.id}`), `${r.tbl}/${r.id} sent twice`).toBe(false);
          rows.set(`${r.tbl}/${r.id}`, r);
        }
        if (value.buckets.every((b) => value.checkpoint[b])) return { answers, rows };
        full = fullAfter(cursors, full, value.pages, value.checkpoint);
        cursors = cursorsAfter(cursors, value.pages);
      }
      throw new Error('the pull never reached its checkpoint');
    }

    it('stops each page at the row that reaches the budget, never empty, every row exactly once', async () => {
      const byRows = await pullAll({ limit: 20_000 });
      const budget = 2048;
      const byBytes = await pullAll({ limit: 20_000, maxBytes: budget });
      expect(byRows.answers).toHaveLength(1);
      expect(byBytes.answers.length).toBeGreaterThan(5);
      // The same rows, the same content, the same checkpoints.
      expect(new Map([...byBytes.rows].sort())).toEqual(new Map([...byRows.rows].sort()));
      expect(byBytes.answers.at(-1)!.checkpoint).toEqual(byRows.answers[0].checkpoint);
      for (const answer of byBytes.answers) {
        const rows = answer.pages.flatMap((p) => p.rows);
        if (answer.pages.length) expect(rows.length, 'a page is never empty').toBeGreaterThan(0);
        // Everything but the row that reached the budget fits in it.
        const before = rows.slice(0, -1).reduce((n, r) => n + bytesOf(r), 0);
        expect(before).toBeLessThan(budget);
      }
      // A budget smaller than one row still moves: one row per page.
      const tiny = await pullAll({ limit: 20_000, maxBytes: 1024 });
      expect(tiny.rows.size).toBe(byRows.rows.size);
    });

    it('a page asked for again at the same cursor (a cut) is the same page, and the row limit still holds', async () => {
      const first = (await client.post(paths.pull, { cursors: {}, limit: 20_000, maxBytes: 4096 }, pullResponse)).value;
      const cursors = cursorsAfter({}, first.pages);
      const full = fullAfter({}, [], first.pages, first.checkpoint);
      const ask = async () => (await client.post(paths.pull, { cursors, limit: 20_000, maxBytes: 4096, full }, pullResponse)).value;
      const once = await ask();
      const again = await ask();
      expect({ ...again, hqTime: 0 }).toEqual({ ...once, hqTime: 0 });
      const rowsOnly = (await client.post(paths.pull, { cursors: {}, limit: 3, maxBytes: 1_000_000 }, pullResponse)).value;
      expect(rowsOnly.pages.flatMap((p) => p.rows)).toHaveLength(3);
    });

    it('reads the next page ahead for the same budget only', async () => {
      const ahead = async () => {
        const text = await hq.metrics.registry.getSingleMetricAsString('tomoni_hq_pull_ahead_total');
        const count = (result: string) => Number(new RegExp(`result="${result}"} (\\d+)`).exec(text)?.[1] ?? 0);
        return { hit: count('hit'), miss: count('miss') };
      };
      const first = (await client.post(paths.pull, { cursors: {}, limit: 20_000, maxBytes: 4096 }, pullResponse)).value;
      const cursors = cursorsAfter({}, first.pages);
      const full = fullAfter({}, [], first.pages, first.checkpoint);
      const second = await client.post(paths.pull, { cursors, limit: 20_000, maxBytes: 4096, full }, pullResponse);
      expect(await ahead()).toEqual({ hit: 1, miss: 0 });
      // The device changed its budget (its link changed): the page read ahead for the old one is not served.
      const next = cursorsAfter(cursors, second.value.pages);
      await client.post(paths.pull, { cursors: next, limit: 20_000, maxBytes: 8192, full: fullAfter(cursors, full, second.value.pages, second.value.checkpoint) }, pullResponse);
      expect(await ahead()).toEqual({ hit: 1, miss: 1 });
    });
  });
}
