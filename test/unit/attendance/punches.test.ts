// Punch commands through the real router into a real SQLite file: transitions, room entries, rules.
import { describe, expect, it } from 'vitest';
import { jstDate, jstTime } from '../../../src-shared/core/time';
import { count, DAY, openAttendanceApp, jobByCode, kioskPunch, MIN, mustKioskPunch, staffToken, workerByCode, workerToken } from './helpers';

describe('kiosk punches', () => {
  it('clock-in → break → switch → clock-out, with a room entry and per-job time', async () => {
    const t = openAttendanceApp();
    const scan = await jobByCode(t, 'ARCHIVE-01');
    const vehicles = await jobByCode(t, 'VEHICLE-01');
    const w = await workerByCode(t, 'W0010');
    const roomsBefore = count(t, 'room_entries');

    const start = t.clock.now();
    const clockedIn = await mustKioskPunch(t, 'W0010', 'in', scan.id, 'scan');
    expect(clockedIn.at).toBe(start);
    expect(clockedIn.presence).toMatchObject({ state: 'working', jobId: scan.id, stepKey: 'scan', forgotten: false });
    expect(count(t, 'room_entries')).toBe(roomsBefore + 1);

    t.clock.advance(60 * MIN);
    expect((await mustKioskPunch(t, 'W0010', 'break_start')).presence.state).toBe('break');
    t.clock.advance(15 * MIN);
    await mustKioskPunch(t, 'W0010', 'break_end');
    t.clock.advance(30 * MIN);
    await mustKioskPunch(t, 'W0010', 'switch', vehicles.id, 'entry');
    t.clock.advance(45 * MIN);
    expect((await mustKioskPunch(t, 'W0010', 'out')).presence.state).toBe('out');

    const token = await workerToken(t, 'W0010');
    const log = await t.must('attendance.worklog', { month: jstDate(start).slice(0, 7) }, token);
    const today = log.days.find((d) => d.date === jstDate(start))!;
    expect(today.workMinutes).toBe(60 + 30 + 45);
    expect(today.breakMinutes).toBe(15);
    expect(today.issues).toEqual([]);
    const byJob = Object.fromEntries(today.intervals.filter((i) => i.kind === 'work').map((i) => [i.jobId, 0]));
    for (const i of today.intervals) if (i.kind === 'work') byJob[i.jobId!] += i.minutes;
    expect(byJob).toEqual({ [scan.id]: 90, [vehicles.id]: 45 });
    expect(log.workerId).toBe(w.id);
    t.close();
  });

  it('refuses illegal transitions with a translated reason and changes nothing', async () => {
    const t = openAttendanceApp();
    const queued = count(t, 'outbox');
    const punches = count(t, 'punches');
    const notIn = await kioskPunch(t, 'W0011', 'break_start');
    expect(notIn.ok).toBe(false);
    if (!notIn.ok) expect(notIn.error).toMatchObject({ code: 'rejected', messageKey: 'attendance.errors.notIn' });
    const outTwice = await kioskPunch(t, 'W0011', 'out');
    expect(outTwice.ok || outTwice.error.messageKey).toBe('attendance.errors.notIn');
    await mustKioskPunch(t, 'W0011', 'in');
    const again = await kioskPunch(t, 'W0011', 'in');
    expect(again.ok || again.error.messageKey).toBe('attendance.errors.alreadyIn');
    const endBreak = await kioskPunch(t, 'W0011', 'break_end');
    expect(endBreak.ok || endBreak.error.messageKey).toBe('attendance.errors.notOnBreak');
    // Only the one legal clock-in was written, with its queue row.
    expect(count(t, 'punches')).toBe(punches + 1);
    expect(count(t, 'outbox')).toBe(queued + 1);
    t.close();
  });

  it('a ticket is good for one punch only and expires', async () => {
    const t = openAttendanceApp();
    const tile = await t.must('kiosk.identify', { code: 'w0012' });
    const session = await t.must('kiosk.verifyPin', { workerId: tile.id, pin: '1234' });
    await t.must('kiosk.punch', { ticket: session.ticket, action: 'in' });
    const reused = await t.call('kiosk.punch', { ticket: session.ticket, action: 'out' });
    expect(reused.ok || reused.error.messageKey).toBe('attendance.errors.ticketExpired');
    const second = await t.must('kiosk.verifyPin', { workerId: tile.id, pin: '1234' });
    t.clock.advance(3 * MIN);
    const late = await t.call('kiosk.punch', { ticket: second.ticket, action: 'out' });
    expect(late.ok || late.error.messageKey).toBe('attendance.errors.ticketExpired');
    t.close();
  });

  it('locks a worker out after repeated wrong PINs', async () => {
    const t = openAttendanceApp();
    const tile = await t.must('kiosk.identify', { code: 'W0013' });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.call('kiosk.verifyPin', { workerId: tile.id, pin: '9999' });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated', 'unauthenticated', 'locked_out']);
    // Even the right PIN is refused while locked.
    const right = await t.call('kiosk.verifyPin', { workerId: tile.id, pin: '1234' });
    expect(right.ok || right.error.code).toBe('locked_out');
    // The refusal says until when (JST wall time) and how long, so the message can tell the person (decision 0109).
    expect(right.ok || right.error.params).toEqual({ until: jstTime(t.clock.now() + 5 * MIN), minutes: 5 });
    t.clock.advance(6 * MIN);
    expect((await t.call('kiosk.verifyPin', { workerId: tile.id, pin: '1234' })).ok).toBe(true);
    t.close();
  });

  it('a clock-in the next day after a forgotten clock-out is allowed; the old session is flagged, not credited', async () => {
    const t = openAttendanceApp();
    const start = t.clock.now();
    await mustKioskPunch(t, 'W0014', 'in');
    t.clock.advance(DAY);
    const next = await mustKioskPunch(t, 'W0014', 'in');
    expect(next.presence.state).toBe('working');
    t.clock.advance(8 * 60 * MIN);
    await mustKioskPunch(t, 'W0014', 'out');
    const token = await staffToken(t, 'director');
    const w = await workerByCode(t, 'W0014');
    const log = await t.must('attendance.worklog', { month: jstDate(start).slice(0, 7), workerId: w.id }, token);
    const first = log.days.find((d) => d.date === jstDate(start))!;
    expect(first.workMinutes).toBe(0);
    expect(first.issues.map((i) => i.kind)).toEqual(['missingClockOut']);
    expect(log.days.find((d) => d.date === jstDate(start + DAY))!.workMinutes).toBe(8 * 60);
    t.close();
  });

  it('the board flags a forgotten clock-out the next morning', async () => {
    const t = openAttendanceApp();
    const token = await staffToken(t, 'director');
    const board = await t.must('attendance.board', {}, token);
    const forgotten = board.filter((b) => b.forgotten).map((b) => b.code);
    expect(forgotten).toEqual(['W0004']);
    expect(board.filter((b) => !b.forgotten).map((b) => b.code).sort()).toEqual(['W0002', 'W0003']);
    t.close();
  });

  it('on a loaned PC a worker clocks in at home, but not onto a center-only job', async () => {
    const t = openAttendanceApp({ demo: 'loaned' });
    const token = await workerToken(t, 'W0020');
    const scan = await jobByCode(t, 'ARCHIVE-01', token);
    const structuring = await jobByCode(t, 'STRUCT-01', token);
    const status = await t.must('attendance.myStatus', {}, token);
    expect(status.jobs.find((j) => j.id === scan.id)?.usable).toBe(false);
    const refused = await t.call('attendance.myPunch', { action: 'in', jobId: scan.id }, token);
    expect(refused.ok || refused.error.messageKey).toBe('attendance.errors.centerOnlyJob');
    const punched = await t.must('attendance.myPunch', { action: 'in', jobId: structuring.id }, token);
    expect(punched.presence).toMatchObject({ state: 'working', siteId: null });
    const row = t.app.services.store.sqlite.prepare('SELECT source, site_id FROM punches WHERE id = ?').get(punched.punchId);
    expect(row).toEqual({ source: 'home', site_id: null });
    // No room entry at home.
    expect(t.app.services.store.sqlite.prepare('SELECT COUNT(*) FROM room_entries WHERE punch_id = ?').pluck().get(punched.punchId)).toBe(0);
    t.close();
  });

  it('a worker cannot punch for someone else, and bad input changes nothing', async () => {
    const t = openAttendanceApp();
    const other = await workerByCode(t, 'W0015');
    const me = await workerByCode(t, 'W0016');
    const result = (() => {
      try {
        t.app.services.bus.execute('attendance.clockIn', { punchId: crypto.randomUUID(), workerId: other.id, roomEntryId: crypto.randomUUID(), jobId: null, stepKey: null }, { role: 'kiosk', staffId: null, workerId: me.id });
        return 'ok';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(result).toContain('attendance.errors.notYourself');
    const bad = await t.call('kiosk.punch', { ticket: 'x'.repeat(20), action: 'dance' as 'in' });
    expect(bad.ok || bad.error.code).toBe('invalid_input');
    t.close();
  });
});
