// Sessions live in memory: a restart signs everyone out, which is what a shared center PC wants.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../store/clock';
import type { Session, SessionStore } from './context';

/** Sessions end after this long without a call. The loaned-PC screen locks sooner, in the renderer. */
const IDLE_LIMIT_MS = 8 * 60 * 60 * 1000;

export function createSessionStore(clock: Clock): SessionStore {
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
      if (clock.now() - session.lastSeenAt > IDLE_LIMIT_MS) {
        sessions.delete(token);
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
