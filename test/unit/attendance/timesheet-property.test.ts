// Property: random punch sequences, with crashes between and in the middle of commands, never leave the timesheet
// inconsistent — no overlapping intervals, no negative durations, totals equal to the sum of their intervals — and
// the store accepts exactly the punches a simple model says are legal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PunchKind } from '../../../src-shared/attendance/rows';
import { punchCommandNames } from '../../../src-shared/attendance/punch-commands';
import { effectivePunches, replayPresence } from '../../../src-shared/attendance/rules';
import { buildWorklog, summarize } from '../../../src-shared/attendance/worklog';
import { newId } from '../../../src-shared/core/ids';
import { jstDate, jstMonth } from '../../../src-shared/core/time';
import { initializeDevice } from '../../../src-main/app/setup';
import { createApp, type App } from '../../../src-main/app/services';
import { createLocalReader } from '../../../src-main/store/effects';
import { TestClock, tempDir } from '../../helpers/app';

const kinds: PunchKind[] = ['in', 'break_start', 'break_end', 'switch', 'out'];

const step = fc.record({
  worker: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom(...kinds),
  job: fc.integer({ min: 0, max: 1 }),
  /** Minutes before this step: same instant, a clock stepping back, ordinary gaps, past midnight. */
  wait: fc.oneof(fc.constant(0), fc.integer({ min: -30, max: -1 }), fc.integer({ min: 1, max: 240 }), fc.integer({ min: 600, max: 1800 })),
  crash: fc.constantFrom('none', 'none', 'none', 'between', 'during'),
});

interface Model {
  state: 'out' | 'working' | 'break';
  /** Time of the last accepted punch: a punch never lands before it, even when the clock steps back. */
  since: number;
  job: number | null;
}

function legal(m: Model, kind: PunchKind, job: number, at: number): boolean {
  switch (kind) {
    case 'in':
      return m.state === 'out' || jstDate(m.since) < jstDate(at);
    case 'break_start':
      return m.state === 'working';
    case 'break_end':
      return m.state === 'break';
    case 'switch':
      return m.state === 'working' && m.job !== job;
    case 'out':
      return m.state !== 'out';
  }
}

function apply(m: Model, kind: PunchKind, job: number, at: number): Model {
  const next = { ...m, since: at };
  if (kind === 'in') return { ...next, state: 'working', job };
  if (kind === 'break_start') return { ...next, state: 'break' };
  if (kind === 'break_end') return { ...next, state: 'working' };
  if (kind === 'switch') return { ...next, job };
  return { ...next, state: 'out', job: null };
}

function registry(app: App) {
  const setup = initializeDevice(app.services, {
    operatorName: 'テスト',
    siteName: '塩尻',
    siteCode: 'S1',
    deviceKind: 'center',
    admin: { loginId: 'admin', familyName: '上條', givenName: '彩', password: 'correct-horse' },
  });
  const admin = { role: 'admin' as const, staffId: setup.adminId, workerId: null };
  const workers = [newId(), newId(), newId()];
  const jobs = [newId(), newId()];
  workers.forEach((id, i) =>
    app.services.bus.execute(
      'people.upsertWorker',
      { id, code: `P${i}`, familyName: '試験', givenName: `${i}`, familyNameKana: '', givenNameKana: '', role: 'worker', homeSiteId: setup.siteId, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true },
      admin,
    ),
  );
  jobs.forEach((id, i) =>
    app.services.bus.execute(
      'people.upsertJob',
      { id, code: `J${i}`, name: `案件${i}`, clientName: '', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null },
      { ...admin, role: 'manager' as const },
    ),
  );
  return { workers, jobs };
}

function punchInput(kind: PunchKind, workerId: string, jobId: string): Record<string, unknown> {
  const base = { punchId: newId(), workerId };
  if (kind === 'in') return { ...base, roomEntryId: newId(), jobId, stepKey: null };
  if (kind === 'switch') return { ...base, jobId, stepKey: null };
  return base;
}

function assertConsistent(app: App, workers: string[], now: number): void {
  const reader = createLocalReader(app.services.store.db);
  for (const workerId of workers) {
    const punches = effectivePunches(reader, workerId);
    const log = buildWorklog(punches, new Set(), now);
    const sorted = [...log.intervals].sort((a, b) => a.start - b.start);
    for (let i = 0; i < sorted.length; i++) {
      const iv = sorted[i];
      expect(iv.end).toBeGreaterThan(iv.start);
      expect(iv.ms).toBe(iv.end - iv.start);
      expect(jstDate(iv.end - 1)).toBe(iv.date); // never crosses JST midnight
      if (i > 0) expect(iv.start).toBeGreaterThanOrEqual(sorted[i - 1].end); // no overlap
    }
    for (const month of new Set(log.intervals.map((i) => jstMonth(i.start)))) {
      const s = summarize(log.intervals, month);
      const work = log.intervals.filter((i) => i.kind === 'work' && i.date.startsWith(month)).reduce((a, i) => a + i.ms, 0);
      expect(s.workMs).toBe(work);
      expect(Object.values(s.byJob).reduce((a, b) => a + b, 0)).toBe(work);
      expect(s.days.reduce((a, d) => a + d.workMs, 0)).toBe(work);
    }
    // The state row the rules validate against always equals what the punches say.
    const presence = reader.get<{ id: string; state: string; lastPunchId: string | null }>('presence', workerId);
    const replayed = replayPresence(punches, { id: workerId, operatorId: '', hlc: '' });
    expect(presence?.state ?? 'out').toBe(replayed.state);
    expect(presence?.lastPunchId ?? null).toBe(replayed.lastPunchId);
  }
}

describe('timesheet consistency under random punches and crashes', () => {
  it('holds for every sequence', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const dataDir = tempDir('tomoni-prop-');
        const clock = new TestClock();
        let app = createApp({ dataDir, clock });
        const { workers, jobs } = registry(app);
        const models: Model[] = workers.map(() => ({ state: 'out', since: 0, job: null }));
        let accepted = app.services.store.sqlite.prepare('SELECT COUNT(*) FROM punches').pluck().get() as number;
        try {
          for (const s of steps) {
            clock.advance(s.wait * 60_000);
            const workerId = workers[s.worker];
            const at = Math.max(clock.now(), models[s.worker].since);
            const actor = { role: 'kiosk' as const, staffId: null, workerId };
            const input = punchInput(s.kind, workerId, jobs[s.job]);
            const expectOk = legal(models[s.worker], s.kind, s.job, at);
            if (s.crash === 'during') {
              // Power cut inside the punch's transaction: nothing of it may remain.
              const { sqlite } = app.services.store;
              expect(() =>
                sqlite.transaction(() => {
                  app.services.bus.execute(punchCommandNames[s.kind], input, actor);
                  throw new Error('power cut');
                })(),
              ).toThrow();
              app.close();
              app = createApp({ dataDir, clock });
            } else {
              let ok = true;
              try {
                app.services.bus.execute(punchCommandNames[s.kind], input, actor);
              } catch {
                ok = false;
              }
              expect(ok).toBe(expectOk);
              if (ok) {
                models[s.worker] = apply(models[s.worker], s.kind, s.job, at);
                accepted++;
              }
              if (s.crash === 'between') {
                app.close();
                app = createApp({ dataDir, clock });
              }
            }
            expect(app.services.store.sqlite.prepare('SELECT COUNT(*) FROM punches').pluck().get()).toBe(accepted);
          }
          assertConsistent(app, workers, clock.now());
        } finally {
          app.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
