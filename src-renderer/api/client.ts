// The typed API client: the renderer's only way to data. Works over IPC (Electron) or HTTP (serve).
import type { InputOf, OutputOf, ProcedureName } from '../../src-shared/api/contract';
import type { ServerEventMessage } from '../../src-shared/api/events';
import type { ErrorPayload, Result } from '../../src-shared/core/errors';
import { CSRF_HEADER, CSRF_META, CSRF_QUERY } from '../../src-shared/api/csrf';
import { getBridge } from './bridge';

const TOKEN_KEY = 'tomoni.session';

export class ApiError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.messageKey);
    this.name = 'ApiError';
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Browser mode: the token the local server put into the page; every call must carry it (src-main/serve/guard.ts). */
function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${CSRF_META}"]`)?.content ?? '';
}

async function send(name: string, input: unknown): Promise<Result<unknown>> {
  const bridge = getBridge();
  if (bridge) return bridge.call(name, input, getToken());
  try {
    const token = getToken();
    const response = await fetch(`api/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CSRF_HEADER]: csrfToken(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', messageKey: 'errors.network' } };
  }
}

export async function call<N extends ProcedureName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const result = await send(name, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as OutputOf<N>;
}

type Listener = (message: ServerEventMessage) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;

/** Subscribe to events pushed by main (data changes, sync status). */
export function onServerEvent(listener: Listener): () => void {
  listeners.add(listener);
  const bridge = getBridge();
  if (bridge) {
    const off = bridge.onEvent(listener);
    return () => {
      listeners.delete(listener);
      off();
    };
  }
  if (!source) {
    // EventSource cannot send headers: the token rides in the query, the cookie goes along as usual.
    source = new EventSource(`api/events?${CSRF_QUERY}=${encodeURIComponent(csrfToken())}`);
    source.addEventListener('message', (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as ServerEventMessage;
      for (const l of listeners) l(message);
    });
  }
  return () => listeners.delete(listener);
}
