// The preload's bridge (Electron) — absent in browser mode, where HTTP is used instead.
import type { Result } from '../../src-shared/core/errors';
import type { ServerEventMessage } from '../../src-shared/api/events';

export interface TomoniBridge {
  call(name: string, input: unknown, token: string | null): Promise<Result<unknown>>;
  onEvent(listener: (message: ServerEventMessage) => void): () => void;
  /** Desktop only: a signed-in staff member ends the kiosk's full screen (main checks the token). */
  leaveKiosk?(token: string): Promise<{ ok: boolean }>;
}

declare global {
  interface Window {
    tomoni?: TomoniBridge;
  }
}

export function getBridge(): TomoniBridge | undefined {
  return typeof window !== 'undefined' ? window.tomoni : undefined;
}
