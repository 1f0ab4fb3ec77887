// App-level state: this install's status, who is signed in, and the current screen.
import { create } from 'zustand';
import type { AppStatus } from '../../src-shared/app/contract';
import type { Me } from '../../src-shared/auth/contract';
import { ApiError, call, setToken } from '../api/client';
import type { ErrorPayload } from '../../src-shared/core/errors';

interface AppState {
  status: AppStatus | null;
  me: Me | null;
  /** False until the first answer about the session: the kiosk or sign-in must not flash (and fetch) before it. */
  meKnown: boolean;
  /** Why the app cannot start (unopenable database, full disk…), shown as a translated full screen. */
  bootError: ErrorPayload | null;
  route: string;
  refreshStatus(): Promise<void>;
  refreshMe(): Promise<void>;
  signedIn(token: string): Promise<void>;
  signOut(): Promise<void>;
  /** Left idle: signed out as "locked" in the audit log, back to the kiosk or sign-in screen. */
  lock(): Promise<void>;
  navigate(route: string): void;
}

function currentHash(): string {
  return window.location.hash.replace(/^#\/?/, '') || '';
}

export const useAppStore = create<AppState>((set, get) => ({
  status: null,
  me: null,
  meKnown: false,
  bootError: null,
  route: currentHash(),
  async refreshStatus() {
    try {
      set({ status: await call('app.status', {}), bootError: null });
    } catch (err) {
      set({ bootError: err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'fatal.unknown' } });
    }
  },
  async refreshMe() {
    try {
      set({ me: await call('auth.me', {}), meKnown: true });
    } catch (err) {
      set({ meKnown: true });
      throw err;
    }
  },
  async signedIn(token) {
    setToken(token);
    await get().refreshMe();
  },
  async signOut() {
    await call('auth.logout', {}).catch(() => undefined);
    setToken(null);
    set({ me: null });
    get().navigate('');
  },
  async lock() {
    await call('auth.logout', { reason: 'idle' }).catch(() => undefined);
    setToken(null);
    set({ me: null });
    get().navigate('');
  },
  navigate(route) {
    window.location.hash = `#/${route}`;
    set({ route });
  },
}));

window.addEventListener('hashchange', () => useAppStore.setState({ route: currentHash() }));
