// A store loaded with the demo operator says so beside its database, so the sign-in screen can show the demo
// sign-ins (issue 13: a newcomer trying the app should not have to find them in a README).
import fs from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { AppStatus } from '../../../src-shared/app/contract';
import { DEMO_PASSWORD, DEMO_PIN } from '../../people/demo';
import { staff, workers } from '../../people/schema';
import type { Store } from '../../store/open';

const DEMO_FILE = 'demo';

function markFile(store: Store): string {
  return path.join(path.dirname(store.sqlite.name), DEMO_FILE);
}

export function markDemo(store: Store): void {
  fs.writeFileSync(markFile(store), 'demo operator: sign-ins are public\n');
}

/** The demo sign-ins, read from the store itself; null for any store not loaded with the demo. */
export function demoSignIns(store: Store): AppStatus['demo'] {
  if (!fs.existsSync(markFile(store))) return null;
  const staffIds = store.db.select({ loginId: staff.loginId }).from(staff).where(eq(staff.active, true)).orderBy(asc(staff.loginId)).all().map((s) => s.loginId);
  const codes = store.db.select({ code: workers.code }).from(workers).where(eq(workers.active, true)).orderBy(asc(workers.code)).all().map((w) => w.code);
  return { staffLoginIds: staffIds, password: DEMO_PASSWORD, firstWorkerCode: codes[0] ?? null, lastWorkerCode: codes.at(-1) ?? null, pin: DEMO_PIN };
}
