// Worked minutes per job step: what "pages per worked hour" on the scan station board divides by.
import { describe, expect, it } from 'vitest';
import { workedMinutesByStep, workedMinutesByWorkerStep } from '../../../src-main/attendance/worked-time';
import { jobByCode, MIN, mustKioskPunch, openAttendanceApp, workerByCode } from './helpers';

describe('worked time per step', () => {
  it('adds a session split across steps, and counts an open session only when asked to', async () => {
    const t = openAttendanceApp();
    const { store } = t.app.services;
    const scan = await jobByCode(t, 'ARCHIVE-01');
    const w = await workerByCode(t, 'W0015');
    const before = workedMinutesByStep(store, scan.id);
    expect(before.scan).toBeGreaterThan(0); // the demo history is on the scan job

    await mustKioskPunch(t, 'W0015', 'in', scan.id, 'scan');
    t.clock.advance(60 * MIN);
    await mustKioskPunch(t, 'W0015', 'switch', scan.id, 'qc');
    t.clock.advance(30 * MIN);
    // Still open: not credited yet unless "now" is given.
    expect(workedMinutesByStep(store, scan.id)).toEqual(before);
    const ongoing = workedMinutesByStep(store, scan.id, t.clock.now());
    expect(ongoing.qc - (before.qc ?? 0)).toBeCloseTo(30);

    await mustKioskPunch(t, 'W0015', 'out');
    const after = workedMinutesByStep(store, scan.id);
    expect(after.scan - before.scan).toBeCloseTo(60);
    expect(after.qc - (before.qc ?? 0)).toBeCloseTo(30);
    const perWorker = workedMinutesByWorkerStep(store, scan.id);
    expect(Object.values(perWorker).reduce((sum, steps) => sum + (steps.scan ?? 0), 0)).toBeCloseTo(after.scan);
    expect(perWorker[w.id].qc).toBeGreaterThanOrEqual(30);
    t.close();
  });
});
