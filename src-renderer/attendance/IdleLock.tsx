// Loaned PCs lock after inactivity: the worker is signed out and the sign-in screen asks for the PIN again.
import { useEffect } from 'react';
import { useAppStore } from '../app/store';

export const IDLE_LOCK_MS = 10 * 60 * 1000;

export function IdleLock() {
  const kind = useAppStore((s) => s.status?.device?.kind);
  const me = useAppStore((s) => s.me);
  const signOut = useAppStore((s) => s.signOut);
  useEffect(() => {
    if (kind !== 'loaned' || !me) return;
    let timer = setTimeout(() => void signOut(), IDLE_LOCK_MS);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void signOut(), IDLE_LOCK_MS);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [kind, me, signOut]);
  return null;
}
