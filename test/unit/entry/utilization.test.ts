// The vehicle report against numbers worked out by hand (see the comments) on a small fixture logbook.
import { describe, expect, it } from 'vitest';
import { isOfficeDay, officeDaysIn } from '../../../src-shared/entry/holidays';
import { utilizationReport, type Trip } from '../../../src-shared/entry/utilization';

const t = (vehicle: string, department: string, date: string, timeOut: string, timeIn: string, odoOut: number, odoIn: number): Trip => ({ vehicle, department, date, timeOut, timeIn, odoOut, odoIn });

// May 2022: 31 days − 9 weekend days (Sun 1/8/15/22/29, Sat 7/14/21/28) − 3 holidays (5/3, 5/4, 5/5) = 19 office days.
// April 2022: 30 days − 9 weekend days (Sat 2/9/16/23/30, Sun 3/10/17/24) − 1 holiday (4/29) = 20 office days.
const trips: Trip[] = [
  t('A', '総務課', '2022-05-02', '08:30', '10:00', 1000, 1030), // 1.5 h, 30 km
  t('A', '総務課', '2022-05-02', '13:00', '15:30', 1030, 1080), // 2.5 h, 50 km
  t('A', '総務課', '2022-05-06', '09:00', '12:00', 1080, 1150), // 3 h, 70 km
  t('B', '建設課', '2022-05-02', '09:00', '11:00', 500, 540), // 2 h, 40 km
  t('B', '建設課', '2022-05-10', '10:00', '11:00', 540, 560), // 1 h, 20 km
  t('C', '総務課', '2022-05-02', '09:30', '09:45', 200, 205), // 0.25 h, 5 km — A, B and C all out 09:30–09:45
  t('C', '総務課', '2022-04-28', '08:30', '17:00', 100, 200), // 8.5 h, 100 km
];

describe('office days', () => {
  it('closes weekends, national holidays and the year-end days', () => {
    expect(officeDaysIn('2022-05')).toBe(19);
    expect(officeDaysIn('2022-04')).toBe(20);
    expect(isOfficeDay('2023-01-02')).toBe(false);
    expect(isOfficeDay('2022-12-29')).toBe(false);
    expect(isOfficeDay('2023-01-04')).toBe(true);
  });
});

describe('utilizationReport', () => {
  const report = utilizationReport(trips);

  it('per vehicle and month', () => {
    expect(report.byVehicle).toEqual([
      // A: days 5/2 and 5/6 → 2 ÷ 19 = 0.1053; 1.5 + 2.5 + 3 = 7 h; 30 + 50 + 70 = 150 km
      { key: 'A', month: '2022-05', trips: 3, daysUsed: 2, officeDays: 19, utilization: 0.1053, hoursOut: 7, km: 150 },
      { key: 'B', month: '2022-05', trips: 2, daysUsed: 2, officeDays: 19, utilization: 0.1053, hoursOut: 3, km: 60 },
      // C in April: 1 ÷ 20 = 0.05
      { key: 'C', month: '2022-04', trips: 1, daysUsed: 1, officeDays: 20, utilization: 0.05, hoursOut: 8.5, km: 100 },
      { key: 'C', month: '2022-05', trips: 1, daysUsed: 1, officeDays: 19, utilization: 0.0526, hoursOut: 0.25, km: 5 },
    ]);
  });

  it('per department and month (a day counts once however many cars went out)', () => {
    expect(report.byDepartment).toEqual([
      { key: '建設課', month: '2022-05', trips: 2, daysUsed: 2, officeDays: 19, utilization: 0.1053, hoursOut: 3, km: 60 },
      { key: '総務課', month: '2022-04', trips: 1, daysUsed: 1, officeDays: 20, utilization: 0.05, hoursOut: 8.5, km: 100 },
      // A's three trips and C's 5/2 trip: days 5/2, 5/6; 7 + 0.25 h; 150 + 5 km
      { key: '総務課', month: '2022-05', trips: 4, daysUsed: 2, officeDays: 19, utilization: 0.1053, hoursOut: 7.25, km: 155 },
    ]);
  });

  it('per month with the peak of vehicles out at once', () => {
    expect(report.byMonth).toEqual([
      { month: '2022-04', officeDays: 20, vehiclesUsed: 1, trips: 1, hoursOut: 8.5, km: 100, peakInUse: 1, peakWindows: [{ date: '2022-04-28', from: '08:30', to: '17:00', vehicles: ['C'] }], calendarKnown: true },
      { month: '2022-05', officeDays: 19, vehiclesUsed: 3, trips: 6, hoursOut: 10.25, km: 215, peakInUse: 3, peakWindows: [{ date: '2022-05-02', from: '09:30', to: '09:45', vehicles: ['A', 'B', 'C'] }], calendarKnown: true },
    ]);
  });

  it('frees a car returned at the minute another leaves', () => {
    const back2back = utilizationReport([t('A', 'X', '2022-05-02', '09:00', '10:00', 0, 1), t('B', 'X', '2022-05-02', '10:00', '11:00', 0, 1)]);
    expect(back2back.byMonth[0].peakInUse).toBe(1);
  });
});

describe('peak vehicles in use (issue 12 #5)', () => {
  it('counts distinct vehicles, not trips: 4 overlapping trips of 3 cars are 3 cars', () => {
    const trip = (vehicle: string, timeOut: string, timeIn: string) => ({ vehicle, department: '総務課', date: '2022-04-04', timeOut, timeIn, odoOut: 0, odoIn: 10 });
    const report = utilizationReport([trip('A', '09:00', '12:00'), trip('A', '10:00', '11:00'), trip('B', '09:30', '11:30'), trip('C', '10:15', '10:45')]);
    expect(report.byMonth[0].peakInUse).toBe(3);
  });
});
