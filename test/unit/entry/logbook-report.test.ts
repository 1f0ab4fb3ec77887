// The vehicle report of a small hand-made logbook with bad trips across pages and batches, against figures worked out
// by hand in the comments below — number by number (issue 12 #4, #5).
import { describe, expect, it } from 'vitest';
import { officeDaysIn } from '../../../src-shared/entry/holidays';
import { buildReport, tripsFrom, type RecordMarks } from '../../../src-main/entry/report';
import type { FinalRecord } from '../../../src-main/entry/queries';

const A = '松本 300 あ 1001';
const B = '松本 300 あ 1002';
const C = '松本 300 あ 1003';

function page(batchCode: string, pageSeq: number, vehicle: string, rows: [string, string, string, string, string | number, string | number][]): FinalRecord[] {
  return rows.map(([department, date, timeOut, timeIn, odoOut, odoIn], i) => ({
    batchCode,
    unitId: `${batchCode}-unit`,
    unitLabel: `${batchCode}-1`,
    pageId: `${batchCode}-p${pageSeq}`,
    pageSeq,
    rowNo: i + 1,
    header: { vehicle, ownerDepartment: '' },
    values: { department, date, timeOut, timeIn, odoOut: String(odoOut), odoIn: String(odoIn), driver: '山田', destination: '本庁' },
    status: 'verified',
  }));
}

// Calendar (from @holiday-jp/holiday_jp; FY2025 was never in the old FY2022–2023 table):
// April 2025: 30 days − 8 weekend days (Sat 5/12/19/26, Sun 6/13/20/27) − 昭和の日 4/29 (Tue) = 21 office days.
// May 2025: 31 days − 9 weekend days (Sat 3/10/17/24/31, Sun 4/11/18/25) − こどもの日 5/5 (Mon) − 振替休日 5/6 (Tue)
//   = 20 office days (憲法記念日 5/3 and みどりの日 5/4 fall on the weekend).
const records: FinalRecord[] = [
  // Page 1, vehicle A (総務課)
  ...page('L-01', 1, A, [
    ['総務課', '2025-04-01', '09:00', '11:00', 1000, 1040], // 2 h, 40 km
    ['総務課', '2025-04-01', '13:00', '15:30', 1040, 1090], // 2.5 h, 50 km
    ['総務課', '2025-04-15', '08:30', '12:00', 1090, 1150], // 3.5 h, 60 km
  ]),
  // Page 2, vehicle A: the first line starts at 1140, below 1150 where page 1 ended → odometerBack (across pages).
  ...page('L-01', 2, A, [
    ['総務課', '2025-04-22', '09:00', '10:00', 1140, 1170], // 1 h, 30 km (counted: a warning, not yet settled)
    ['総務課', '2025-05-07', '10:00', '12:00', 1170, 1200], // 2 h, 30 km
    ['総務課', '2025-05-09', '09:00', '10:00', 1200, ''], // no odometer in → skipped (1)
  ]),
  // Page 3, vehicle B (建設課)
  ...page('L-01', 3, B, [
    ['建設課', '2025-04-01', '10:00', '12:00', 500, 520], // 2 h, 20 km
    ['建設課', '2025-04-29', '09:00', '10:00', 520, 530], // 昭和の日: a day used, not an office day. 1 h, 10 km
    ['建設課', '2025-05-07', '09:00', '11:30', 530, 560], // 2.5 h, 30 km
  ]),
  // Page 4, vehicle B: the first line overlaps page 3's last (11:00 < 11:30) → overlap (across pages).
  ...page('L-01', 4, B, [
    ['建設課', '2025-05-07', '11:00', '13:00', 560, 575], // adds only 11:30–13:00 = 1.5 h (B was already out); 15 km
    ['建設課', '2025-05-08', '16:00', '09:00', 575, 580], // returns before it leaves: flagged 原本どおり. 0 h, 5 km
  ]),
  // Page 5, vehicle C (福祉課; in May lent to 総務課)
  ...page('L-01', 5, C, [
    ['福祉課', '2025-04-01', '09:30', '10:30', 3000, 3010], // 1 h, 10 km
    ['総務課', '2025-05-12', '13:00', '14:00', 3010, 3025], // 1 h, 15 km
    ['総務課', '2025-05-12', '13:00', '14:00', 3010, 3025], // the same trip written twice: excluded by the reviewer
  ]),
];

// Another batch of the same job holds C's later May page: it starts at 3020, below 3025 → odometerBack across batches.
const otherBatch = tripsFrom(page('L-02', 1, C, [['総務課', '2025-05-20', '09:00', '10:00', 3020, 3040]])).trips;

const marks: RecordMarks = new Map([
  ['L-01-p4:2', { mark: 'asWritten' as const, note: '用紙のとおり（入庫時刻の誤記と思われる）' }],
  ['L-01-p5:3', { mark: 'exclude' as const, note: '同じ運行の重複記入' }],
]);

const view = buildReport(records, marks, otherBatch);
const ref = (batchCode: string, page: number, row: number) => ({ batchCode, unitLabel: `${batchCode}-1`, page, row });

describe('hand-computed logbook report', () => {
  it('office days come from the holiday package', () => {
    expect(officeDaysIn('2025-04')).toBe(21);
    expect(officeDaysIn('2025-05')).toBe(20);
  });

  it('counts 12 trips: 14 lines − 1 unreadable − 1 excluded', () => {
    expect(view.records).toBe(12);
    expect(view.skipped).toBe(1);
    expect(view.uncoveredMonths).toEqual([]);
  });

  it('per vehicle and month: days used, utilization over office days, hours out, km', () => {
    expect(view.report.byVehicle).toEqual([
      // A April: 4 trips on 4/1, 4/15, 4/22 → 3 days ÷ 21 = 0.142857 → 0.1429; 2 + 2.5 + 3.5 + 1 = 9 h; 40 + 50 + 60 + 30 = 180 km
      { key: A, month: '2025-04', trips: 4, daysUsed: 3, officeDays: 21, utilization: 0.1429, hoursOut: 9, km: 180 },
      // A May: 5/7 only → 1 ÷ 20 = 0.05; 2 h; 30 km (the unreadable 5/9 line is not counted)
      { key: A, month: '2025-05', trips: 1, daysUsed: 1, officeDays: 20, utilization: 0.05, hoursOut: 2, km: 30 },
      // B April: 4/1 and 4/29 (holiday) → 2 ÷ 21 = 0.095238 → 0.0952; 2 + 1 = 3 h; 20 + 10 = 30 km
      { key: B, month: '2025-04', trips: 2, daysUsed: 2, officeDays: 21, utilization: 0.0952, hoursOut: 3, km: 30 },
      // B May: 5/7 and 5/8 → 2 ÷ 20 = 0.1; 2.5 + 1.5 (overlap counted once) + 0 (flagged) = 4 h; 30 + 15 + 5 = 50 km
      { key: B, month: '2025-05', trips: 3, daysUsed: 2, officeDays: 20, utilization: 0.1, hoursOut: 4, km: 50 },
      // C April: 4/1 → 1 ÷ 21 = 0.047619 → 0.0476; 1 h; 10 km
      { key: C, month: '2025-04', trips: 1, daysUsed: 1, officeDays: 21, utilization: 0.0476, hoursOut: 1, km: 10 },
      // C May: 5/12 once (the duplicate is excluded) → 1 ÷ 20 = 0.05; 1 h; 15 km. L-02's 5/20 trip is not this batch's.
      { key: C, month: '2025-05', trips: 1, daysUsed: 1, officeDays: 20, utilization: 0.05, hoursOut: 1, km: 15 },
    ]);
  });

  it('per department and month', () => {
    const byKey = Object.fromEntries(view.report.byDepartment.map((l) => [`${l.key} ${l.month}`, l]));
    expect(Object.keys(byKey).sort()).toEqual(['建設課 2025-04', '建設課 2025-05', '福祉課 2025-04', '総務課 2025-04', '総務課 2025-05'].sort());
    // 総務課 April = A's April; May = A's 5/7 (2 h, 30 km) + C's 5/12 (1 h, 15 km): 2 days ÷ 20 = 0.1
    expect(byKey['総務課 2025-04']).toEqual({ key: '総務課', month: '2025-04', trips: 4, daysUsed: 3, officeDays: 21, utilization: 0.1429, hoursOut: 9, km: 180 });
    expect(byKey['総務課 2025-05']).toEqual({ key: '総務課', month: '2025-05', trips: 2, daysUsed: 2, officeDays: 20, utilization: 0.1, hoursOut: 3, km: 45 });
    expect(byKey['建設課 2025-05']).toEqual({ key: '建設課', month: '2025-05', trips: 3, daysUsed: 2, officeDays: 20, utilization: 0.1, hoursOut: 4, km: 50 });
    expect(byKey['福祉課 2025-04']).toEqual({ key: '福祉課', month: '2025-04', trips: 1, daysUsed: 1, officeDays: 21, utilization: 0.0476, hoursOut: 1, km: 10 });
  });

  it('per month, with the peak of vehicles out at once and when', () => {
    expect(view.report.byMonth).toEqual([
      // April: 7 trips; 9 + 3 + 1 = 13 h; 180 + 30 + 10 = 220 km. 4/1: A 09:00–11:00, C 09:30–10:30, B 10:00–12:00
      // → all three out 10:00–10:30.
      {
        month: '2025-04', officeDays: 21, vehiclesUsed: 3, trips: 7, hoursOut: 13, km: 220, peakInUse: 3, calendarKnown: true,
        peakWindows: [{ date: '2025-04-01', from: '10:00', to: '10:30', vehicles: [A, B, C] }],
      },
      // May: 5 trips; 2 + 4 + 1 = 7 h; 30 + 50 + 15 = 95 km. 5/7: B 09:00–11:30 and 11:00–13:00, A 10:00–12:00 → three
      // trips out 11:00–11:30 but two vehicles; two vehicles 10:00–12:00. B's 5/8 line (returns first) is never out.
      {
        month: '2025-05', officeDays: 20, vehiclesUsed: 3, trips: 5, hoursOut: 7, km: 95, peakInUse: 2, calendarKnown: true,
        peakWindows: [{ date: '2025-05-07', from: '10:00', to: '12:00', vehicles: [A, B] }],
      },
    ]);
  });

  it('lists every contradiction across pages and batches with its values, open ones first', () => {
    expect(view.issues.map((i) => ({ kind: i.kind, vehicle: i.vehicle, at: i.trip.ref, other: i.other?.ref ?? null, settled: i.settled }))).toEqual([
      { kind: 'odometerBack', vehicle: A, at: ref('L-01', 2, 1), other: ref('L-01', 1, 3), settled: false },
      { kind: 'overlap', vehicle: B, at: ref('L-01', 4, 1), other: ref('L-01', 3, 3), settled: false },
      { kind: 'odometerBack', vehicle: C, at: ref('L-02', 1, 1), other: ref('L-01', 5, 2), settled: false },
      { kind: 'returnBeforeDeparture', vehicle: B, at: ref('L-01', 4, 2), other: null, settled: true },
    ]);
    const [back, overlap, acrossBatches, flagged] = view.issues;
    expect([back!.trip.odoOut, back!.other!.odoIn]).toEqual([1140, 1150]);
    expect([overlap!.trip.timeOut, overlap!.other!.timeIn]).toEqual(['11:00', '11:30']);
    expect([acrossBatches!.trip.odoOut, acrossBatches!.other!.odoIn]).toEqual([3020, 3025]);
    expect([flagged!.trip.timeOut, flagged!.trip.timeIn, flagged!.trip.mark, flagged!.trip.markNote]).toEqual(['16:00', '09:00', 'asWritten', '用紙のとおり（入庫時刻の誤記と思われる）']);
  });

  it('lists flagged and excluded trips', () => {
    expect(view.flagged.map((t) => [t.vehicle, t.date, t.timeOut, t.timeIn, t.ref])).toEqual([[B, '2025-05-08', '16:00', '09:00', ref('L-01', 4, 2)]]);
    expect(view.excluded.map((t) => [t.vehicle, t.date, t.markNote, t.ref])).toEqual([[C, '2025-05-12', '同じ運行の重複記入', ref('L-01', 5, 3)]]);
  });

  it('without the exclusion the duplicate counts and shows as an overlap', () => {
    const unmarked = buildReport(records, new Map(), otherBatch);
    expect(unmarked.records).toBe(13);
    // C May: two lines 13:00–14:00 → still 1 h (one vehicle out once), but 15 + 15 = 30 km
    expect(unmarked.report.byVehicle.find((l) => l.key === C && l.month === '2025-05')).toMatchObject({ trips: 2, hoursOut: 1, km: 30 });
    expect(unmarked.issues.filter((i) => i.vehicle === C).map((i) => i.kind).sort()).toEqual(['odometerBack', 'odometerBack', 'overlap']);
    expect(unmarked.issues.find((i) => i.kind === 'returnBeforeDeparture')?.settled).toBe(false);
  });
});
