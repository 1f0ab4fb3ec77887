// The week a center works offline (BENCH.md "Catch-up over a poor link"): every worker clocks in, takes a lunch break
// and clocks out each day; the scan crew moves volumes through the station; the keyers key expense slips. Each
// command runs through the device's command bus with the clock held at the moment it happened, as on a real kiosk.
import type { App } from '../src-main/app/services';
import type { Clock } from '../src-main/store/clock';
import type { CommandActor } from '../src-shared/commands/define';
import { newId } from '../src-shared/core/ids';
import { jstDate, jstInstant } from '../src-shared/core/time';
import type { BenchCenter, BenchWorker, BusCommand } from './center-fixture';
import { seededRandom } from '../src-shared/core/random';

const MIN = 60 * 1000;
const DAY = 24 * 60 * MIN;

/** The device's clock (HQ may share it): real time shifted to a past moment, or held while the week is queued. */
export interface BenchClock extends Clock {
  /** Runs on from `at`: the set-up and its sync happen the morning the week starts. */
  runFrom(at: number): void;
  /** Stands still at `at`, so the next command carries that device time. */
  hold(at: number): void;
  /** Back to real time: the sync at the end of the week. */
  release(): void;
}

export function benchClock(): BenchClock {
  let shift = 0;
  let held: number | null = null;
  return {
    now: () => held ?? Date.now() + shift,
    runFrom(at) {
      held = null;
      shift = at - Date.now();
    },
    hold(at) {
      held = at;
    },
    release() {
      held = null;
      shift = 0;
    },
  };
}

/** The last `count` JST days before `today` the center opens (Monday to Saturday), oldest first. */
export function openDaysBefore(today: string, count = 6): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${today}T12:00:00+09:00`) - DAY; days.length < count; t -= DAY) {
    if (new Date(t).getUTCDay() !== 0) days.unshift(jstDate(t));
  }
  return days;
}

export interface WeekMix {
  /** Keyed rows over the whole week (BENCH.md: 24,280 keyed records, less the scan step events). */
  records: number;
  /** scan.startStep + scan.completeStep events; an even number (each step is started and completed). */
  scanEvents: number;
}

export interface QueuedWeek {
  commands: number;
  punches: number;
  scanEvents: number;
  records: number;
}

interface Timed {
  at: number;
  kind: keyof Omit<QueuedWeek, 'commands'>;
  /** Made when it runs, so ids and slip numbers follow the queue's order. */
  make(): BusCommand;
}

/** One worker's day at the center: when they came, went to lunch, came back and left. */
interface Shift {
  in: number;
  lunch: number;
  back: number;
  out: number;
}

function shiftOf(date: string, rand: () => number): Shift {
  const jitter = (spread: number) => Math.round((rand() - 0.5) * spread) * MIN;
  const lunch = jstInstant(date, '12:00') + jitter(20);
  return { in: jstInstant(date, '09:00') + jitter(30), lunch, back: lunch + 45 * MIN + jitter(10), out: jstInstant(date, '16:30') + jitter(30) };
}

function punches(w: BenchWorker, s: Shift, jobs: BenchCenter['jobs']): Timed[] {
  const kiosk: CommandActor = { role: 'kiosk', staffId: null, workerId: w.id };
  const punch = (at: number, name: string, extra: object = {}): Timed => ({ at, kind: 'punches', make: () => ({ name, input: { punchId: newId(), workerId: w.id, ...extra }, actor: kiosk }) });
  const job = w.crew === 'scan' ? { jobId: jobs.scan, stepKey: 'scan' } : { jobId: jobs.entry, stepKey: 'entry' };
  return [
    punch(s.in, 'attendance.clockIn', { roomEntryId: newId(), ...job }),
    punch(s.lunch, 'attendance.startBreak'),
    punch(s.back, 'attendance.endBreak'),
    punch(s.out, 'attendance.clockOut'),
  ];
}

/** `count` instants spread evenly over the worked parts of a shift (a few minutes after arriving, before lunch…). */
function workSlots(s: Shift, count: number): number[] {
  const spans: [number, number][] = [
    [s.in + 10 * MIN, s.lunch - 5 * MIN],
    [s.back + 5 * MIN, s.out - 10 * MIN],
  ];
  const total = spans.reduce((n, [a, b]) => n + (b - a), 0);
  const slots: number[] = [];
  for (let k = 0; k < count; k++) {
    let offset = ((k + 0.5) / count) * total;
    for (const [a, b] of spans) {
      if (offset < b - a) {
        slots.push(a + Math.floor(offset));
        break;
      }
      offset -= b - a;
    }
  }
  return slots;
}

/** Share `total` over `parts` as evenly as whole numbers allow (the first ones take the remainder). */
function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

interface CrewStep {
  stepKey: string;
  fields: Record<string, string>;
}

const crewSteps: CrewStep[] = [
  { stepKey: 'scan', fields: { scanner: 'A0 ブックスキャナ 1 号機' } },
  { stepKey: 'metadata', fields: {} },
  { stepKey: 'pdf_ocr', fields: { ocrEngine: 'OCRmyPDF + tesseract jpn' } },
  { stepKey: 'naming', fields: {} },
];

/** A crew member's own volumes (every n-th of the received ones), worked step by step in order. */
function crewTasks(center: BenchCenter, crewIndex: number, crewSize: number): (CrewStep & { volumeId: string })[] {
  const mine = center.volumeIds.filter((_, v) => v % crewSize === crewIndex);
  return mine.flatMap((volumeId) => crewSteps.map((s) => ({ volumeId, ...s })));
}

/** The whole week as timed commands; the caller sorts and runs them. */
function weekPlan(center: BenchCenter, days: string[], mix: WeekMix): Timed[] {
  const rand = seededRandom(20240513);
  const crew = center.workers.filter((w) => w.crew === 'scan');
  const keyers = center.workers.filter((w) => w.crew === 'entry');
  const rows = shares(mix.records, days.length * keyers.length);
  const steps = shares(Math.floor(mix.scanEvents / 2), days.length * crew.length);
  const tasks = crew.map((_, c) => crewTasks(center, c, crew.length));
  const plan: Timed[] = [];
  days.forEach((date, d) => {
    for (const w of center.workers) {
      const shift = shiftOf(date, rand);
      plan.push(...punches(w, shift, center.jobs));
      const k = keyers.indexOf(w);
      if (k >= 0) for (const at of workSlots(shift, rows[d * keyers.length + k])) plan.push({ at, kind: 'records', make: () => center.nextKeyedRow(w.id, at) });
      const c = crew.indexOf(w);
      if (c < 0) continue;
      const slots = workSlots(shift, steps[d * crew.length + c] * 2);
      const actor: CommandActor = { role: w.role, staffId: null, workerId: w.id };
      for (let i = 0; i < slots.length; i += 2) {
        const task = tasks[c].shift();
        if (!task) throw new Error('not enough scan volumes for the week; raise CenterOptions.volumes');
        const step = { volumeId: task.volumeId, stepKey: task.stepKey };
        plan.push({ at: slots[i], kind: 'scanEvents', make: () => ({ name: 'scan.startStep', input: { eventId: newId(), ...step }, actor }) });
        plan.push({ at: slots[i + 1], kind: 'scanEvents', make: () => ({ name: 'scan.completeStep', input: { eventId: newId(), ...step, fields: task.fields }, actor }) });
      }
    }
  });
  return plan;
}

/**
 * Queues the week through the device's command bus, in time order, each command at its own device time. One
 * transaction per day (each command still runs its rule and joins the queue on its own) keeps the fsyncs few.
 */
export function queueWeek(app: App, center: BenchCenter, clock: BenchClock, days: string[], mix: WeekMix): QueuedWeek {
  const { bus, store } = app.services;
  const plan = weekPlan(center, days, mix).sort((a, b) => a.at - b.at);
  const counts: QueuedWeek = { commands: 0, punches: 0, scanEvents: 0, records: 0 };
  for (const date of days) {
    const today = plan.filter((t) => jstDate(t.at) === date);
    store.sqlite.transaction(() => {
      for (const t of today) {
        clock.hold(t.at);
        const c = t.make();
        bus.execute(c.name, c.input, c.actor);
        counts[t.kind]++;
        counts.commands++;
      }
    }).immediate();
  }
  return counts;
}
