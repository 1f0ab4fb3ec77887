// Checks a worker's PIN or a staff password against the synced hashes, with lockout for PINs.
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import type { AppServices } from '../api/context';
import { credentials, sites, staff, workers } from '../people/schema';
import { syncState } from '../sync/schema';
import { auditAuth, deviceActor } from './audit';
import { createPinLockout, lockedOut } from './pin-lockout';
import { verifySecret } from './secrets';
import { readDevice } from '../app/device';
import { outsideSiteCeiling } from '../../src-shared/sync/ceilings';

export type WorkerRecord = typeof workers.$inferSelect;
export type StaffRecord = typeof staff.$inferSelect;

/** Finds an active worker by code (as typed or scanned from a badge) or by id. */
export function findWorker(services: AppServices, by: { code?: string; id?: string }): WorkerRecord | null {
  const { db } = services.store;
  const where = by.id ? eq(workers.id, by.id) : eq(workers.code, (by.code ?? '').trim().toUpperCase());
  const row = db.select().from(workers).where(and(where, eq(workers.active, true))).get();
  return row ?? null;
}

/** Audits a failed attempt, and the lockout when this failure started one (then refuses with the lockout). */
function failed(services: AppServices, lockedUntil: number | null, targetId: string | null, details: Record<string, string>): void {
  auditAuth(services, deviceActor, 'auth.failed', targetId, details);
  if (lockedUntil !== null) {
    auditAuth(services, deviceActor, 'auth.lockedOut', targetId, { ...details, until: lockedUntil });
    throw lockedOut(lockedUntil, services.clock.now());
  }
}

/**
 * HQ's site ceiling, checked here first (decision 0123). Without it the operator's first PC, which still holds every
 * site's PINs from before it attached, would sign in a worker whose punches HQ then refuses.
 */
export function isOtherSitesWorker(services: AppServices, worker: WorkerRecord): boolean {
  const device = readDevice(services.store);
  if (!device) return false;
  const { db } = services.store;
  const attached = db.select({ hqUrl: syncState.hqUrl }).from(syncState).get() !== undefined;
  const site = device.siteId ? db.select({ kind: sites.kind }).from(sites).where(eq(sites.id, device.siteId)).get() : undefined;
  return outsideSiteCeiling({ kind: device.kind, siteId: device.siteId, isOffice: site?.kind === 'office', bounded: attached }, worker.homeSiteId);
}

export function verifyWorkerPin(services: AppServices, worker: WorkerRecord | null, pin: string, subjectHint: string): WorkerRecord {
  // Refused without looking at the PIN, and not counted toward the lockout: the person typed nothing wrong.
  if (worker && isOtherSitesWorker(services, worker)) throw new AppError('unauthenticated', 'errors.workerOtherSite');
  const lockout = createPinLockout(services.store, services.clock);
  const subject = `worker:${worker?.id ?? subjectHint}`;
  lockout.assertNotLocked(subject);
  const cred = worker
    ? services.store.db.select().from(credentials).where(eq(credentials.id, worker.id)).get()
    : undefined;
  if (!worker || !cred || cred.kind !== 'pin' || !verifySecret(pin, cred.hash)) {
    failed(services, lockout.recordFailure(subject), worker?.id ?? null, { kind: 'pin', code: worker?.code ?? subjectHint.slice(0, 40) });
    // A worker of another site has no PIN on this PC (decision 0073): say where they can log in instead of
    // "wrong PIN", which would send them to try again until locked out.
    const elsewhere = worker && !cred && worker.homeSiteId !== (readDevice(services.store)?.siteId ?? null);
    throw new AppError('unauthenticated', elsewhere ? 'errors.workerOtherSite' : 'errors.badPin');
  }
  lockout.recordSuccess(subject);
  return worker;
}

export function verifyStaffPassword(services: AppServices, loginId: string, password: string): StaffRecord {
  const { db } = services.store;
  const lockout = createPinLockout(services.store, services.clock);
  const subject = `staff:${loginId}`;
  lockout.assertNotLocked(subject);
  const person = db.select().from(staff).where(and(eq(staff.loginId, loginId), eq(staff.active, true))).get();
  const cred = person ? db.select().from(credentials).where(eq(credentials.id, person.id)).get() : undefined;
  if (!person || !cred || !verifySecret(password, cred.hash)) {
    failed(services, lockout.recordFailure(subject), person?.id ?? null, { kind: 'password', loginId: loginId.slice(0, 40) });
    // A staff member of another site has no password on this PC (docs/decisions/0119): say so, not "wrong password".
    throw new AppError('unauthenticated', person && !cred ? 'errors.signInOtherSite' : 'errors.badCredentials');
  }
  lockout.recordSuccess(subject);
  return person;
}
