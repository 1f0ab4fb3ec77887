// Group commit (decision 0050): jobs arriving while a group runs share the next one; a job's own refusal stays its
// own; a failed group is retried job by job so one bad job never takes its neighbours down.
import { describe, expect, it } from 'vitest';
import { GroupCommitter, type Outcome } from '../../../src-server/sync/group-commit';

interface Job {
  name: string;
  units?: number;
  refuse?: boolean;
  breaksGroup?: boolean;
}

function committer() {
  const groups: string[][] = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const c = new GroupCommitter<Job, string>(
    async (key, jobs) => {
      groups.push(jobs.map((j) => j.name));
      await gate;
      if (jobs.length > 1 && jobs.some((j) => j.breaksGroup)) throw new Error('transaction failed');
      if (jobs.length === 1 && jobs[0].breaksGroup) throw new Error(`${jobs[0].name} failed alone`);
      return jobs.map((j): Outcome<string> => (j.refuse ? { error: new Error(`${j.name} refused`) } : { value: `${key}:${j.name}` }));
    },
    (j) => j.units ?? 1,
  );
  return {
    c,
    groups,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
    /** Resolves once `n` groups have started (a group starts one event-loop turn after its first job arrives). */
    async started(n: number) {
      while (groups.length < n) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('GroupCommitter', () => {
  it('gathers the jobs that arrive in the same turn of the event loop into one group', async () => {
    const t = committer();
    expect(await Promise.all(['a', 'b', 'c'].map((name) => t.c.submit('op', { name })))).toEqual(['op:a', 'op:b', 'op:c']);
    expect(t.groups).toEqual([['a', 'b', 'c']]);
  });

  it('puts the jobs that arrive while a group runs into the next group, and answers each job', async () => {
    const t = committer();
    t.hold();
    const first = t.c.submit('op', { name: 'a' });
    await t.started(1);
    const later = ['b', 'c', 'd'].map((name) => t.c.submit('op', { name }));
    t.release();
    expect(await first).toBe('op:a');
    expect(await Promise.all(later)).toEqual(['op:b', 'op:c', 'op:d']);
    expect(t.groups).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps keys apart', async () => {
    const t = committer();
    expect(await Promise.all([t.c.submit('x', { name: 'a' }), t.c.submit('y', { name: 'b' })])).toEqual(['x:a', 'y:b']);
    expect(t.groups).toEqual([['a'], ['b']]);
  });

  it('refuses only the job whose own check failed', async () => {
    const t = committer();
    t.hold();
    const first = t.c.submit('op', { name: 'a' });
    await t.started(1);
    const b = t.c.submit('op', { name: 'b', refuse: true });
    const c = t.c.submit('op', { name: 'c' });
    t.release();
    await first;
    await expect(b).rejects.toThrow('b refused');
    expect(await c).toBe('op:c');
  });

  it('retries a failed group job by job: the others are applied, the culprit fails alone', async () => {
    const t = committer();
    t.hold();
    const first = t.c.submit('op', { name: 'a' });
    await t.started(1);
    const b = t.c.submit('op', { name: 'b' });
    const bad = t.c.submit('op', { name: 'bad', breaksGroup: true });
    const d = t.c.submit('op', { name: 'd' });
    t.release();
    await first;
    expect(await b).toBe('op:b');
    await expect(bad).rejects.toThrow('bad failed alone');
    expect(await d).toBe('op:d');
    expect(t.groups).toEqual([['a'], ['b', 'bad', 'd'], ['b'], ['bad'], ['d']]);
  });

  it('stops a group from growing past the unit limit, but always takes at least one job', async () => {
    const t = committer();
    t.hold();
    const first = t.c.submit('op', { name: 'a' });
    await t.started(1);
    const rest = [t.c.submit('op', { name: 'big', units: 9_000 }), t.c.submit('op', { name: 'next', units: 2_000 }), t.c.submit('op', { name: 'huge', units: 50_000 })];
    t.release();
    await first;
    await Promise.all(rest);
    expect(t.groups).toEqual([['a'], ['big'], ['next'], ['huge']]);
  });
});
