// The preload's bridge (Electron) — absent in browser mode, where HTTP is used instead.
import type { Result } from '../../src-shared/core/errors';
import type { ServerEventMessage } from '../../src-shared/api/events';

export interface TomoniBridge {
  call(name: string, input: unknown, token: string | null): Promise<Result<unknown>>;
  onEvent(listener: (message: ServerEventMessage) => void): () => void;
}

declare global {
  interface Window {
    tomoni?: TomoniBridge;
  }
}

export function getBridge(): TomoniBridge | undefined {
  return typeof window !== 'undefined' ? window.tomoni : undefined;
}
