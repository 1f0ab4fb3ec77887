// The pure work log: intervals per job, midnight splits, voided punches, and the problems it reports.
import { describe, expect, it } from 'vitest';
import { buildWorklog, summarize, type WorklogPunch } from '../../../src-shared/attendance/worklog';
import { jstInstant } from '../../../src-shared/core/time';

let n = 0;
function p(kind: WorklogPunch['kind'], date: string, time: string, jobId: string | null = 'J1', stepKey: string | null = null): WorklogPunch {
  n++;
  return { id: `p${n}`, kind, at: jstInstant(date, time), hlc: String(n).padStart(8, '0'), jobId, stepKey, siteId: 'S' };
}

describe('work log', () => {
  it('splits a night session at JST midnight and keeps per-job totals', () => {
    const punches = [p('in', '2026-11-24', '20:00'), p('switch', '2026-11-24', '23:00', 'J2'), p('out', '2026-11-25', '01:30')];
    const log = buildWorklog(punches);
    expect(log.issues).toEqual([]);
    expect(log.intervals.map((i) => [i.date, i.jobId, i.ms / 60000])).toEqual([
      ['2026-11-24', 'J1', 180],
      ['2026-11-24', 'J2', 60],
      ['2026-11-25', 'J2', 90],
    ]);
    expect(summarize(log.intervals, '2026-11').byJob).toEqual({ J1: 180 * 60000, J2: 150 * 60000 });
    expect(summarize(log.intervals, '2026-11').daysWorked).toBe(2);
  });

  it('orders by time, then HLC, whatever order the punches arrive in, and skips voided ones', () => {
    const a = p('in', '2026-11-25', '09:00');
    const b = p('in', '2026-11-25', '09:30');
    const c = p('out', '2026-11-25', '12:00');
    const log = buildWorklog([c, b, a], new Set([b.id]));
    expect(log.intervals.map((i) => i.ms / 60000)).toEqual([180]);
  });

  it('reports a forgotten clock-out and out-of-order punches without crediting them', () => {
    const punches = [p('in', '2026-11-23', '09:00'), p('break_end', '2026-11-23', '10:00'), p('in', '2026-11-24', '09:00'), p('out', '2026-11-24', '17:00')];
    const log = buildWorklog(punches);
    expect(log.issues.map((i) => [i.kind, i.date])).toEqual([
      ['unexpectedPunch', '2026-11-23'],
      ['missingClockOut', '2026-11-23'],
    ]);
    expect(log.intervals.map((i) => i.date)).toEqual(['2026-11-24']);
  });

  it('counts today\'s open session up to now, but not yesterday\'s', () => {
    const punches = [p('in', '2026-11-25', '09:00')];
    expect(buildWorklog(punches, new Set(), jstInstant('2026-11-25', '10:15')).intervals[0]).toMatchObject({ ms: 75 * 60000, ongoing: true });
    expect(buildWorklog(punches, new Set(), jstInstant('2026-11-26', '08:00')).issues[0]?.kind).toBe('missingClockOut');
  });
});
