// What every handler receives besides its validated input.
import type { KeyObject } from 'node:crypto';
import type { CommandActor } from '../../src-shared/commands/define';
import type { Role } from '../../src-shared/core/roles';
import type { ServerEventMessage } from '../../src-shared/api/events';
import type { Clock } from '../store/clock';
import type { CommandBus } from '../store/command-bus';
import type { DatabaseKeySource } from '../store/database-key';
import type { Store } from '../store/open';

export interface Session {
  token: string;
  role: Role;
  staffId: string | null;
  workerId: string | null;
  displayName: string;
  lastSeenAt: number;
  /** A staff member's private signing key, unwrapped with their password at sign-in (docs/decisions/0072). */
  signingKey?: KeyObject | null;
}

export interface AppServices {
  store: Store;
  bus: CommandBus;
  clock: Clock;
  appVersion: string;
  /** Push an event to every connected renderer. */
  emit(message: ServerEventMessage): void;
  sessions: SessionStore;
  /** Where the database key lives; null when the app was opened without encryption (tests). */
  keys: DatabaseKeySource | null;
}

export interface SessionStore {
  create(data: Omit<Session, 'token' | 'lastSeenAt'>): Session;
  get(token: string | null | undefined): Session | null;
  destroy(token: string): void;
  /** The signing key of a live session of this staff member (or one held since set-up), for the command bus. */
  keyFor(staffId: string): KeyObject | null;
  /**
   * Lends a key made outside a sign-in (first set-up, demo seeding) for one synchronous run; the caller releases it
   * right after, so an unattended PC never signs as anyone who is not signed in.
   */
  holdKey(staffId: string, key: KeyObject): void;
  releaseHeldKeys(): void;
}

export interface HandlerContext {
  services: AppServices;
  /** The signed-in person, or null for kiosk/public calls. */
  session: Session | null;
  /** The role the router let through (kiosk for anonymous calls on a center PC). */
  role: Role | null;
  token: string | null;
}

export function actorOf(ctx: HandlerContext): CommandActor {
  if (ctx.session) return { role: ctx.session.role, staffId: ctx.session.staffId, workerId: ctx.session.workerId };
  return { role: 'kiosk', staffId: null, workerId: null };
}
