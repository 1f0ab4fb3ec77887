// Sessions live in memory: a restart signs everyone out, which is what a shared center PC wants.
import { randomBytes, type KeyObject } from 'node:crypto';
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
  const held = new Map<string, KeyObject>();
  // A session past the idle time is locked even before its next call removes it: its key signs nothing.
  const live = (session: Session) => clock.now() - session.lastSeenAt <= options.idleLimitMs();
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
    keyFor(staffId) {
      // The newest session wins: after a password change it holds the rotated key.
      let found: Session | null = null;
      for (const s of sessions.values()) if (s.staffId === staffId && s.signingKey && live(s) && (!found || s.lastSeenAt >= found.lastSeenAt)) found = s;
      return found?.signingKey ?? held.get(staffId) ?? null;
    },
    holdKey(staffId, key) {
      held.set(staffId, key);
    },
    releaseHeldKeys() {
      held.clear();
    },
  };
}
