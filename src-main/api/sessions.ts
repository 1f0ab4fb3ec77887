// Sessions live in memory: a restart signs everyone out, which is what a shared center PC wants.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../store/clock';
import type { Session, SessionStore } from './context';

export interface SessionStoreOptions {
  /** How long a session may go without a call before it locks (the device's setting, read at each call). */
  idleLimitMs(): number;
  /** A session that locked itself for being idle, for the audit log. */
  onIdleLock?(session: Session): void;
}

/**
 * The renderer locks the screen after the same idle time (IdleLock); this is the backstop for a closed tab or a
 * token someone kept: it is worth nothing once the person has been away that long.
 */
export function createSessionStore(clock: Clock, options: SessionStoreOptions): SessionStore {
  const sessions = new Map<string, Session>();
  return {
    create(data) {
      const session: Session = { ...data, token: randomBytes(24).toString('base64url'), lastSeenAt: clock.now() };
      sessions.set(session.token, session);
      return session;
    },
    get(token) {
      if (!token) return null;
      const session = sessions.get(token);
      if (!session) return null;
      if (clock.now() - session.lastSeenAt > options.idleLimitMs()) {
        sessions.delete(token);
        options.onIdleLock?.(session);
        return null;
      }
      session.lastSeenAt = clock.now();
      return session;
    },
    destroy(token) {
      sessions.delete(token);
    },
  };
}
