// Issue 9, reproduction 11 (decision 0064): a correct clock is measured as correct even when HQ answers from a page
// it read ahead a while before, and an attempt that made progress before the link dropped does not lengthen the
// wait before the next one.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { cursorsAfter, fullAfter, paths, pullResponse } from '../../src-shared/sync/protocol';
import { Sim } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('clock offset and backoff', () => {
  it('measures a correct clock as correct when the answer was read ahead 23 s before it was asked for', async () => {
    sim = await Sim.create();
    const [pc] = sim.all();
    for (let i = 0; i < 10; i++) pc.app.services.bus.execute('audit.record', { id: newId(), action: `a.${i}`, targetId: null, details: { i } }, pc.actor);
    await pc.agent.runOnce();
    const client = pc.agent.authenticatedClient()!;
    const first = await client.post(paths.pull, { cursors: {}, limit: 2 }, pullResponse);
    expect(first.value.pages.some((p) => p.more)).toBe(true);
    // HQ read the next page ahead just now; the PC asks for it 23 s later. Both clocks are right all along.
    sim.hqClock.advance(23_000);
    pc.clock.advance(23_000);
    const cursors = cursorsAfter({}, first.value.pages);
    const second = await client.post(paths.pull, { cursors, limit: 2, full: fullAfter({}, [], first.value.pages, first.value.checkpoint) }, pullResponse);
    const hits = (await sim.hq.metrics.pullAhead.get()).values.find((v) => v.labels.result === 'hit');
    expect(hits?.value).toBe(1);
    expect(second.value.hqTime).toBe(sim.hqClock.now() - 23_000);
    expect(Math.abs(second.clockOffsetMs ?? 99_999)).toBeLessThan(1000);
  });

  it('an attempt that pushed before the link dropped resets the backoff', async () => {
    sim = await Sim.create();
    const [pc] = sim.all();
    const failures = () => (pc.agent as unknown as { failures: number }).failures;
    pc.fault = 'partition';
    for (let i = 0; i < 3; i++) await pc.agent.runOnce();
    expect(failures()).toBe(3);
    pc.app.services.bus.execute('audit.record', { id: newId(), action: 'progress', targetId: null, details: { n: 1 } }, pc.actor);
    // The push goes through, then the pull is cut.
    pc.onPull = () => {
      throw new Error('connection reset');
    };
    pc.fault = 'writeDuringPull';
    await pc.agent.runOnce();
    expect(pc.agent.status().lastErrorCode).toBe('network');
    expect(pc.agent.status().queued).toBe(0);
    expect(failures()).toBe(1);
    // No progress at all: the backoff grows again.
    pc.onPull = undefined;
    pc.fault = 'partition';
    await pc.agent.runOnce();
    expect(failures()).toBe(2);
  });
});
