// Sign-in procedures. Every sign-in and sign-out is audited.
import { AppError } from '../../src-shared/core/errors';
import type { FeatureHandlers } from '../api/handlers';
import type { AppServices, Session } from '../api/context';
import { readDevice } from '../app/device';
import { eq } from 'drizzle-orm';
import { credentials } from '../people/schema';
import { actorOfSession, auditAuth, type AuthAuditAction } from './audit';
import { unwrapStaffKey } from './staff-keys';
import { findWorker, verifyStaffPassword, verifyWorkerPin } from './verify';

function audit(services: AppServices, session: Pick<Session, 'role' | 'staffId' | 'workerId'>, action: AuthAuditAction) {
  auditAuth(services, actorOfSession(session), action, session.staffId ?? session.workerId);
}

export const authHandlers: FeatureHandlers<'auth.'> = {
  'auth.login': (input, { services }) => {
    if (!readDevice(services.store)) throw new AppError('not_setup', 'errors.notSetup');
    const person = verifyStaffPassword(services, input.loginId, input.password);
    const cred = services.store.db.select().from(credentials).where(eq(credentials.id, person.id)).get();
    const session = services.sessions.create({
      role: person.role,
      staffId: person.id,
      workerId: null,
      displayName: `${person.familyName} ${person.givenName}`,
      // Unwrapped here only, held in memory for this session: it signs what this person does (decision 0072).
      signingKey: cred ? unwrapStaffKey(input.password, cred) : null,
    });
    audit(services, session, 'auth.login');
    return { token: session.token, role: session.role, staffId: session.staffId, workerId: null, displayName: session.displayName };
  },
  'auth.workerLogin': (input, { services }) => {
    const device = readDevice(services.store);
    if (!device) throw new AppError('not_setup', 'errors.notSetup');
    const worker = findWorker(services, { code: input.code });
    // A loaned PC belongs to one worker: nobody else signs in on it.
    const allowed = worker && (device.kind !== 'loaned' || device.workerId === null || device.workerId === worker.id);
    const verified = verifyWorkerPin(services, allowed ? worker : null, input.pin, input.code);
    const session = services.sessions.create({
      role: verified.role,
      staffId: null,
      workerId: verified.id,
      displayName: `${verified.familyName} ${verified.givenName}`,
    });
    audit(services, session, 'auth.workerLogin');
    return { token: session.token, role: session.role, staffId: null, workerId: verified.id, displayName: session.displayName };
  },
  'auth.logout': (input, { services, session, token }) => {
    if (session && token) {
      // The screen locked itself after the device's idle time: a different event from signing out.
      audit(services, session, input.reason === 'idle' ? 'auth.idleLocked' : 'auth.logout');
      services.sessions.destroy(token);
    }
    return { done: true };
  },
  'auth.me': (_input, { session }) =>
    session
      ? { role: session.role, staffId: session.staffId, workerId: session.workerId, displayName: session.displayName }
      : null,
};
