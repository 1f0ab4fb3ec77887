// Every signed-in session locks after the PC's idle time (system screen, default 10 minutes): the person is signed
// out and the PC returns to the kiosk (center PC) or the sign-in screen (loaned PC). Main locks the token too.
import { useEffect } from 'react';
import { useAppStore } from '../app/store';

export function IdleLock() {
  const minutes = useAppStore((s) => s.status?.idleLockMinutes ?? 10);
  const me = useAppStore((s) => s.me);
  const lock = useAppStore((s) => s.lock);
  useEffect(() => {
    if (!me) return;
    const limit = minutes * 60_000;
    let timer = setTimeout(() => void lock(), limit);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void lock(), limit);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [minutes, me, lock]);
  return null;
}
