// Shared steps for attendance tests: look up demo people and jobs, punch through the real kiosk procedures.
import type { OutputOf } from '../../../src-shared/api/contract';
import { featureSeeders } from '../../../src-main/app/demo/seeders';
import { seedAttendance } from '../../../src-main/attendance/demo';
import { jobs as jobsTable, workers } from '../../../src-main/people/schema';
import { openTestApp, type TestApp, type TestClock } from '../../helpers/app';

/**
 * The demo operator with only the registry and attendance seeders, so these tests do not depend on other features'
 * demo data (and run faster).
 */
export function openAttendanceApp(options: { demo?: true | 'loaned'; dataDir?: string; clock?: TestClock } = { demo: true }): TestApp {
  const saved = featureSeeders.splice(0);
  featureSeeders.push(seedAttendance);
  try {
    return openTestApp(options);
  } finally {
    featureSeeders.splice(0, featureSeeders.length, ...saved);
  }
}

// Looked up in the store, not through the API: the anonymous kiosk may not list the registry, and a staff sign-in
// here would add audit rows the tests count.
export function workerByCode(t: TestApp, code: string): Promise<Omit<typeof workers.$inferSelect, 'hlc' | 'fieldHlc'>> {
  const all = t.app.services.store.db.select().from(workers).all();
  const w = all.find((x) => x.code === code);
  if (!w) return Promise.reject(new Error(`no worker ${code}`));
  // The registry view the API gives (people.listWorkers): no sync metadata, so it can be saved back as is.
  const { hlc: _hlc, fieldHlc: _fieldHlc, ...view } = w;
  return Promise.resolve(view);
}

export async function jobByCode(t: TestApp, code: string, token: string | null = null) {
  const jobs = token ? await t.must('people.listJobs', {}, token) : t.app.services.store.db.select().from(jobsTable).all();
  const j = jobs.find((x) => x.code === code);
  if (!j) throw new Error(`no job ${code}`);
  return j;
}

export async function staffToken(t: TestApp, loginId: string): Promise<string> {
  return (await t.must('auth.login', { loginId, password: 'tomoni-demo' })).token;
}

export async function workerToken(t: TestApp, code: string): Promise<string> {
  return (await t.must('auth.workerLogin', { code, pin: '1234' })).token;
}

type Action = 'in' | 'break_start' | 'break_end' | 'switch' | 'out';

/** Identify by code, PIN, punch: the kiosk path. Returns the result envelope (ok or error). */
export async function kioskPunch(t: TestApp, code: string, action: Action, jobId?: string | null, stepKey?: string | null) {
  const tile = await t.must('kiosk.identify', { code });
  const session = await t.must('kiosk.verifyPin', { workerId: tile.id, pin: '1234' });
  return t.call('kiosk.punch', { ticket: session.ticket, action, jobId: jobId ?? null, stepKey: stepKey ?? null });
}

export async function mustKioskPunch(t: TestApp, code: string, action: Action, jobId?: string | null, stepKey?: string | null): Promise<OutputOf<'kiosk.punch'>> {
  const r = await kioskPunch(t, code, action, jobId, stepKey);
  if (!r.ok) throw new Error(`${action} failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

export function count(t: TestApp, table: string): number {
  return t.app.services.store.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

export const MIN = 60 * 1000;
export const DAY = 24 * 60 * MIN;
