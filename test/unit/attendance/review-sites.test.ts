// The site a correction, punch void or timesheet submission travels in is decided by the pure rule from the store
// (docs/decisions/0053): same store, same site — on the device and again at HQ.
import { describe, expect, it } from 'vitest';
import type { CommandActor, DecideContext, Effect, EntityReader, Row } from '../../../src-shared/commands/define';
import { reviewCorrection, requestCorrection } from '../../../src-shared/attendance/correction-commands';
import { submitMonth } from '../../../src-shared/attendance/month-commands';
import type { PunchRow } from '../../../src-shared/attendance/rows';
import { attendanceTables } from '../../../src-shared/attendance/tables';
import { newId } from '../../../src-shared/core/ids';
import { jstDate, jstMonth } from '../../../src-shared/core/time';

const NOW = Date.parse('2026-11-25T08:00:00Z');
const MIN = 60_000;
const [home, other, workerId, correctionId] = [newId(), newId(), newId(), newId()];
/** Punch ids by name, so the tests read as 'in' and 'out'. */
const ids: Record<string, string> = { in: newId(), out: newId() };
const director: CommandActor = { role: 'director', staffId: 'staff-1', workerId: null };

function memoryReader(tables: Record<string, Row[]>): EntityReader {
  return {
    get: <T extends { id: string }>(table: string, id: string) => (tables[table] ?? []).find((r) => r.id === id) as T | undefined,
    find: <T extends { id: string }>(table: string, where: Record<string, unknown>) =>
      (tables[table] ?? []).filter((r) => Object.entries(where).every(([k, v]) => r[k] === v)) as unknown as T[],
  };
}

function punch(id: string, kind: PunchRow['kind'], at: number, siteId: string | null): PunchRow {
  return { id: ids[id], operatorId: 'op', workerId, siteId, deviceId: 'd', kind, jobId: null, stepKey: null, at, deviceTime: at, hlc: String(at), hqReceivedAt: null, clockOffsetMs: null, source: siteId ? 'kiosk' : 'home', correctionId: null };
}

/** A store with one worker (home site `home`) and the given punches; the device is a center PC of `deviceSite`. */
function context(punches: PunchRow[], deviceSite: string | null = home, actor: CommandActor = director): DecideContext & { tables: Record<string, Row[]> } {
  const tables: Record<string, Row[]> = {
    workers: [{ id: workerId, active: true, homeSiteId: home, role: 'worker' }],
    punches: punches.map((p) => ({ ...p })),
  };
  const meta = { operatorId: 'op', deviceId: 'd', siteId: deviceSite, hlc: String(NOW), deviceTime: NOW, hqReceivedAt: null, clockOffsetMs: null };
  return { reader: memoryReader(tables), actor, meta, tables };
}

function put(effects: Effect[], table: string): Row {
  const e = effects.find((x) => x.table === table && x.op !== 'patch');
  if (!e || e.op === 'patch') throw new Error(`no ${table} row`);
  return e.row;
}

/** Requests a correction and approves it against the same store; returns the rows made and their buckets. */
function requestAndApprove(ctx: ReturnType<typeof context>, items: unknown[]) {
  const request = requestCorrection.decide(ctx, requestCorrection.input.parse({ id: correctionId, workerId, date: jstDate(NOW), items, reason: 'r' }));
  const correction = put(request, 'corrections');
  ctx.tables.corrections = [correction];
  const review = reviewCorrection.decide(ctx, reviewCorrection.input.parse({ id: correctionId, decision: 'approve', comment: '', newIds: items.map(() => newId()) }));
  const inserted = (table: string) => review.flatMap((e) => (e.op === 'insert' && e.table === table ? [e.row] : []));
  return { correction, approved: put(review, 'corrections'), voids: inserted('punchVoids'), punches: inserted('punches') };
}

const bucketsOf = (table: string, row: Row) => attendanceTables[table].buckets(row);

describe('site of corrections, voids and submissions', () => {
  it('a correction voiding a punch takes that punch’s site; its void and approval stay there', () => {
    const ctx = context([punch('in', 'in', NOW - 120 * MIN, other), punch('out', 'out', NOW - 30 * MIN, other)]);
    const made = requestAndApprove(ctx, [{ kind: 'void', punchId: ids.out }, { kind: 'add', punchKind: 'out', at: NOW - 60 * MIN, jobId: null, stepKey: null }]);
    expect(made.correction.siteId).toBe(other);
    expect(made.approved).toMatchObject({ siteId: other, status: 'approved' });
    expect(made.voids.map((v) => v.siteId)).toEqual([other]);
    expect(made.punches.map((p) => p.siteId)).toEqual([other]);
    expect(bucketsOf('corrections', made.correction)).toEqual([`site:${other}`, `worker:${workerId}`]);
    expect(bucketsOf('punchVoids', made.voids[0])).toEqual([`site:${other}`, `worker:${workerId}`]);
  });

  it('a correction adding a missing punch takes the site of the session it falls in, else the home site', () => {
    const inSession = requestAndApprove(context([punch('in', 'in', NOW - 120 * MIN, other)]), [
      { kind: 'add', punchKind: 'out', at: NOW - 10 * MIN, jobId: null, stepKey: null },
    ]);
    expect([inSession.correction.siteId, inSession.punches[0].siteId]).toEqual([other, other]);
    // No earlier punch at all: the worker's home site reviews it (the device's own site plays no part).
    const firstEver = requestAndApprove(context([punch('out', 'out', NOW - 10 * MIN, null)], other), [
      { kind: 'add', punchKind: 'in', at: NOW - 120 * MIN, jobId: null, stepKey: null },
    ]);
    expect(firstEver.correction.siteId).toBe(home);
  });

  it('a correction of work done at home travels with the worker only', () => {
    const ctx = context([punch('in', 'in', NOW - 120 * MIN, null), punch('out', 'out', NOW - 30 * MIN, null)], null);
    const made = requestAndApprove(ctx, [{ kind: 'void', punchId: ids.out }, { kind: 'add', punchKind: 'out', at: NOW - 60 * MIN, jobId: null, stepKey: null }]);
    expect([made.correction.siteId, made.voids[0].siteId]).toEqual([null, null]);
    expect(bucketsOf('corrections', made.correction)).toEqual([`worker:${workerId}`]);
    expect(bucketsOf('punchVoids', made.voids[0])).toEqual([`worker:${workerId}`]);
  });

  it('a timesheet submission takes the site it is made at; from a loaned PC, the worker’s home site', () => {
    const self: CommandActor = { role: 'worker', staffId: null, workerId };
    for (const [deviceSite, expected] of [
      [null, home],
      [other, other],
    ] as const) {
      const ctx = context([], deviceSite, self);
      const row = put(submitMonth.decide(ctx, submitMonth.input.parse({ id: newId(), workerId, month: jstMonth(NOW) })), 'timesheetSubmissions');
      expect(row.siteId).toBe(expected);
      expect(bucketsOf('timesheetSubmissions', row)).toEqual([`site:${expected}`, `worker:${workerId}`]);
    }
  });
});
