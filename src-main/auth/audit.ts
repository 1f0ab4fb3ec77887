// Sign-in events for the append-only audit log (DESIGN.md: login is a sensitive action): who signed in and out,
// each failed attempt, each lockout, each unlock and each session that locked itself when left idle.
import { newId } from '../../src-shared/core/ids';
import type { CommandActor } from '../../src-shared/commands/define';
import type { AppServices, Session } from '../api/context';

export type AuthAuditAction =
  | 'auth.login'
  | 'auth.workerLogin'
  | 'auth.logout'
  | 'auth.failed'
  | 'auth.lockedOut'
  | 'auth.unlocked'
  | 'auth.idleLocked';

/** Nobody proven yet: the device itself records what happened at its sign-in screen or kiosk. */
export const deviceActor: CommandActor = { role: 'kiosk', staffId: null, workerId: null };

export function actorOfSession(session: Pick<Session, 'role' | 'staffId' | 'workerId'>): CommandActor {
  return { role: session.role, staffId: session.staffId, workerId: session.workerId };
}

export function auditAuth(
  services: AppServices,
  actor: CommandActor,
  action: AuthAuditAction,
  targetId: string | null,
  details: Record<string, string | number | null> = {},
): void {
  services.bus.execute('audit.record', { id: newId(), action, targetId, details }, actor);
}
