// Demo attendance: a few weeks of plausible past punches on the pilot jobs, two people in right now, one forgotten
// clock-out and one pending correction. Made through the real commands, with a clock set to each punch's time,
// exactly as if the punches had been made back then.
import type { CommandActor } from '../../src-shared/commands/define';
import { newId } from '../../src-shared/core/ids';
import { jstDate, jstDayStart, jstInstant } from '../../src-shared/core/time';
import type { DemoContext } from '../app/demo/context';
import type { DemoPeople } from '../people/demo';
import { createCommandBus } from '../store/command-bus';

const DAY = 24 * 60 * 60 * 1000;
const MIN = 60 * 1000;
const HISTORY_DAYS = 28;

/** Small deterministic generator so the demo looks the same every time. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function isWeekday(date: string): boolean {
  const day = new Date(`${date}T12:00:00+09:00`).getUTCDay();
  return day !== 0 && day !== 6;
}

export function seedAttendance(ctx: DemoContext, people: DemoPeople): void {
  const { services, now } = ctx;
  if (!ctx.atCenter) return;
  const clock = { at: now, now(): number { return this.at; } };
  const bus = createCommandBus(services.store, clock);
  const rand = random(20231107);
  const kiosk = (workerId: string): CommandActor => ({ role: 'kiosk', staffId: null, workerId });
  const run = (at: number, name: string, input: Record<string, unknown>, actor: CommandActor) => {
    clock.at = at;
    bus.execute(name, input, actor);
  };
  const punch = (at: number, kind: 'in' | 'break_start' | 'break_end' | 'switch' | 'out', workerId: string, jobId?: string, stepKey?: string) => {
    const base = { punchId: newId(), workerId };
    if (kind === 'in') run(at, 'attendance.clockIn', { ...base, roomEntryId: newId(), jobId: jobId ?? null, stepKey: stepKey ?? null }, kiosk(workerId));
    else if (kind === 'switch') run(at, 'attendance.switchJob', { ...base, jobId, stepKey: stepKey ?? null }, kiosk(workerId));
    else run(at, { break_start: 'attendance.startBreak', break_end: 'attendance.endBreak', out: 'attendance.clockOut' }[kind], base, kiosk(workerId));
  };

  // Site 1 (塩尻) runs the scanner station and the vehicle log; site 2 (大町) does data entry.
  const scanCrew = [people.leaderIds[0], ...people.workerIds.slice(0, 15)];
  const entryCrew = [people.leaderIds[1], ...people.workerIds.slice(15, 22)];
  const [inNow1, inNow2, forgotten] = [people.workerIds[0], people.workerIds[1], people.workerIds[2]];
  const today = jstDate(now);
  const days: string[] = [];
  for (let t = now - HISTORY_DAYS * DAY; jstDate(t) < today; t += DAY) if (isWeekday(jstDate(t))) days.push(jstDate(t));
  const lastDay = days.at(-1)!;
  const jitter = (spread: number) => Math.round((rand() - 0.5) * spread) * MIN;

  // One outer transaction: each command still runs its rule and joins the queue, but the seed fsyncs once.
  services.store.sqlite.transaction(() => {
    for (const date of days) {
      const vehiclesStarted = date >= jstDate(now - 20 * DAY);
      for (const workerId of [...scanCrew, ...entryCrew]) {
        // Not every worker comes every day; the one who forgets to clock out did come on the last day.
        if (rand() < 0.15 && !(workerId === forgotten && date === lastDay)) continue;
        const scan = scanCrew.includes(workerId);
        const job = scan ? people.jobIds.scan : vehiclesStarted ? people.jobIds.vehicles : people.jobIds.scan;
        const step = scan ? (rand() < 0.7 ? 'scan' : 'qc') : 'entry';
        const start = jstInstant(date, '09:00') + jitter(30);
        punch(start, 'in', workerId, job, step);
        if (rand() < 0.8) {
          const lunch = jstInstant(date, '12:00') + jitter(20);
          punch(lunch, 'break_start', workerId);
          punch(lunch + 45 * MIN + jitter(20), 'break_end', workerId);
        }
        if (scan && rand() < 0.4) punch(jstInstant(date, '14:00') + jitter(30), 'switch', workerId, job, step === 'scan' ? 'qc' : 'scan');
        if (workerId === forgotten && date === lastDay) continue; // forgot to clock out
        punch(jstInstant(date, '16:30') + jitter(60), 'out', workerId);
      }
    }
    // Two people at work right now (clocked in this morning, or a minute after midnight when it is that early).
    const morning = Math.min(Math.max(jstDayStart(today) + MIN, Math.min(jstInstant(today, '09:00'), now - 60 * MIN)), now - 1000);
    punch(morning, 'in', inNow1, people.jobIds.scan, 'scan');
    punch(morning + 5 * MIN < now ? morning + 5 * MIN : morning, 'in', inNow2, people.jobIds.vehicles, 'entry');
    // The worker who forgot asks for the missing clock-out; a director has not looked at it yet.
    clock.at = now;
    bus.execute(
      'attendance.requestCorrection',
      {
        id: newId(),
        workerId: forgotten,
        date: lastDay,
        items: [{ kind: 'add', punchKind: 'out', at: jstInstant(lastDay, '17:00'), jobId: null, stepKey: null }],
        reason: '作業終了の打刻を忘れました。17:00 に退室しています。',
      },
      { role: 'worker', staffId: null, workerId: forgotten },
    );
  }).immediate();
}
