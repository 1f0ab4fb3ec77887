// Corrections and the monthly cycle on a real SQLite file: originals stay, approvals compensate, closed months freeze.
import { describe, expect, it } from 'vitest';
import { jstDate, jstInstant, jstMonth } from '../../../src-shared/core/time';
import { count, MIN, mustKioskPunch, kioskPunch, openAttendanceApp, staffToken, workerByCode, workerToken } from './helpers';

describe('corrections', () => {
  it('approving the demo request supplies the forgotten clock-out without touching the original punches', async () => {
    const t = openAttendanceApp();
    const director = await staffToken(t, 'director');
    const [pending] = await t.must('attendance.corrections', { status: 'requested' }, director);
    expect(pending).toMatchObject({ workerName: '田中 智子', status: 'requested' });
    const punchesBefore = count(t, 'punches');
    const originalIds = t.app.services.store.sqlite.prepare('SELECT id FROM punches WHERE worker_id = ? ORDER BY id').pluck().all(pending.workerId);

    const approved = await t.must('attendance.reviewCorrection', { id: pending.id, decision: 'approve', comment: '' }, director);
    expect(approved).toMatchObject({ status: 'approved', reviewerName: '百瀬 純' });
    expect(approved.producedPunchIds).toHaveLength(1);
    expect(count(t, 'punches')).toBe(punchesBefore + 1);
    // The originals are all still there.
    const after = t.app.services.store.sqlite.prepare('SELECT id FROM punches WHERE worker_id = ? ORDER BY id').pluck().all(pending.workerId);
    expect(after).toEqual(expect.arrayContaining(originalIds));
    // Presence follows the corrected history: nobody is flagged any more.
    const board = await t.must('attendance.board', {}, director);
    expect(board.some((b) => b.forgotten)).toBe(false);
    const log = await t.must('attendance.worklog', { month: pending.date.slice(0, 7), workerId: pending.workerId }, director);
    const day = log.days.find((d) => d.date === pending.date)!;
    expect(day.issues).toEqual([]);
    expect(day.workMinutes).toBeGreaterThan(6 * 60);
    expect(day.punches.at(-1)).toMatchObject({ kind: 'out', source: 'correction' });

    const twice = await t.call('attendance.reviewCorrection', { id: pending.id, decision: 'approve', comment: '' }, director);
    expect(twice.ok || twice.error.messageKey).toBe('attendance.errors.correctionNotPending');
    t.close();
  });

  it('a worker asks, a director returns it with a comment, the worker asks again and it is approved', async () => {
    const t = openAttendanceApp();
    const today = jstDate(t.clock.now());
    const inPunch = await mustKioskPunch(t, 'W0010', 'in');
    t.clock.advance(8 * 60 * MIN);
    await mustKioskPunch(t, 'W0010', 'out');
    const worker = await workerToken(t, 'W0010');
    const director = await staffToken(t, 'director');
    const items = [
      { kind: 'void' as const, punchId: inPunch.punchId },
      { kind: 'add' as const, punchKind: 'in' as const, at: jstInstant(today, '09:00'), jobId: null, stepKey: null },
    ];
    const first = await t.must('attendance.requestCorrection', { date: today, items, reason: '9:00 に来ていました' }, worker);
    expect(first.status).toBe('requested');
    // A worker cannot approve.
    expect((await t.call('attendance.reviewCorrection', { id: first.id, decision: 'approve', comment: '' }, worker)).ok).toBe(false);
    const noComment = await t.call('attendance.reviewCorrection', { id: first.id, decision: 'return', comment: '' }, director);
    expect(noComment.ok || noComment.error.messageKey).toBe('attendance.errors.commentRequired');
    await t.must('attendance.reviewCorrection', { id: first.id, decision: 'return', comment: 'リーダーに確認してください' }, director);
    const mine = await t.must('attendance.corrections', {}, worker);
    expect(mine.map((c) => c.status)).toEqual(['returned']);
    expect(mine[0].reviewComment).toBe('リーダーに確認してください');

    const second = await t.must('attendance.requestCorrection', { date: today, items, reason: 'リーダー確認済み' }, worker);
    await t.must('attendance.reviewCorrection', { id: second.id, decision: 'approve', comment: 'OK' }, director);
    const log = await t.must('attendance.worklog', { month: today.slice(0, 7) }, worker);
    const day = log.days.find((d) => d.date === today)!;
    expect(day.workMinutes).toBe(8 * 60 + 30);
    expect(day.punches.find((p) => p.id === inPunch.punchId)?.voided).toBe(true);
    // History stays visible: both requests, each with its outcome.
    expect((await t.must('attendance.corrections', {}, worker)).map((c) => c.status).sort()).toEqual(['approved', 'returned']);
    t.close();
  });

  it('refuses a correction that would leave the day out of order, and one for another worker', async () => {
    const t = openAttendanceApp();
    const today = jstDate(t.clock.now());
    await mustKioskPunch(t, 'W0011', 'in');
    t.clock.advance(60 * MIN);
    await mustKioskPunch(t, 'W0011', 'out');
    const worker = await workerToken(t, 'W0011');
    const bad = await t.call(
      'attendance.requestCorrection',
      { date: today, items: [{ kind: 'add', punchKind: 'break_end', at: t.clock.now() - 5 * MIN, jobId: null, stepKey: null }], reason: 'x' },
      worker,
    );
    expect(bad.ok || bad.error.messageKey).toBe('attendance.errors.correctionInconsistent');
    const other = await workerByCode(t, 'W0012');
    const forOther = await t.call(
      'attendance.requestCorrection',
      { workerId: other.id, date: today, items: [{ kind: 'add', punchKind: 'in', at: t.clock.now() - 5 * MIN, jobId: null, stepKey: null }], reason: 'x' },
      worker,
    );
    expect(forOther.ok || forOther.error.code).toBe('forbidden');
    t.close();
  });
});

describe('the monthly cycle', () => {
  it('submit → return → resubmit → approve, with status counts', async () => {
    const t = openAttendanceApp();
    const month = jstMonth(t.clock.now());
    const worker = await workerToken(t, 'W0012');
    const w = await workerByCode(t, 'W0012');
    const director = await staffToken(t, 'director');
    await t.must('attendance.submitMonth', { month }, worker);
    let sheet = await t.must('attendance.timesheet', { month }, director);
    expect(sheet.statusCounts).toEqual({ unsubmitted: 37, submitted: 1, approved: 0 });
    const again = await t.call('attendance.submitMonth', { month }, worker);
    expect(again.ok || again.error.messageKey).toBe('attendance.errors.alreadySubmitted');
    await t.must('attendance.reviewMonth', { workerId: w.id, month, decision: 'return', comment: '11/3 の記録を確認' }, director);
    expect((await t.must('attendance.worklog', { month }, worker)).submission).toEqual({ status: 'returned', reviewComment: '11/3 の記録を確認' });
    await t.must('attendance.submitMonth', { month }, worker);
    expect(await t.must('attendance.reviewMonth', { workerId: w.id, month, decision: 'approve', comment: '' }, director)).toEqual({ status: 'approved' });
    sheet = await t.must('attendance.timesheet', { month }, director);
    expect(sheet.statusCounts).toEqual({ unsubmitted: 37, submitted: 0, approved: 1 });
    t.close();
  });

  it('a closed month refuses punches and corrections; only an administrator reopens it, with a reason, audited', async () => {
    const t = openAttendanceApp();
    const month = jstMonth(t.clock.now());
    const director = await staffToken(t, 'director');
    const admin = await staffToken(t, 'admin');
    const audits = count(t, 'audit_log');
    expect(await t.must('attendance.closeMonth', { month, reason: '月次締め' }, director)).toEqual({ closed: true });
    const refused = await kioskPunch(t, 'W0013', 'in');
    expect(refused.ok || refused.error).toMatchObject({ messageKey: 'attendance.errors.monthClosed', params: { month } });
    const worker = await workerToken(t, 'W0013');
    const correction = await t.call(
      'attendance.requestCorrection',
      { date: jstDate(t.clock.now()), items: [{ kind: 'add', punchKind: 'in', at: t.clock.now() - MIN, jobId: null, stepKey: null }], reason: 'x' },
      worker,
    );
    expect(correction.ok || correction.error.messageKey).toBe('attendance.errors.monthClosed');
    expect((await t.call('attendance.reopenMonth', { month, reason: '誤り' }, director)).ok).toBe(false);
    const noReason = await t.call('attendance.reopenMonth', { month, reason: '' }, admin);
    expect(noReason.ok || noReason.error.code).toBe('invalid_input');
    expect(await t.must('attendance.reopenMonth', { month, reason: '打刻漏れの修正のため' }, admin)).toEqual({ closed: false });
    expect((await kioskPunch(t, 'W0013', 'in')).ok).toBe(true);
    const actions = t.app.services.store.sqlite.prepare('SELECT action FROM audit_log ORDER BY at, hlc').pluck().all().slice(audits);
    expect(actions).toEqual(expect.arrayContaining(['attendance.closeMonth', 'attendance.reopenMonth']));
    const sheet = await t.must('attendance.timesheet', { month }, director);
    expect(sheet.closeHistory.map((h) => [h.action, h.byName])).toEqual([
      ['close', '百瀬 純'],
      ['reopen', '上條 彩'],
    ]);
    t.close();
  });
});
