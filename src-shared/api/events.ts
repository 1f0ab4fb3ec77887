// Events main pushes to the renderer, typed in one place (STYLE.md, Actual's server-events).
export interface ServerEvents {
  /** Synced tables changed (local write or pulled from HQ): screens showing them re-query. */
  'data.changed': { tables: string[] };
  /** Sync agent status for the status bar; the sync feature defines the payload. */
  'sync.status': Record<string, unknown>;
}
export type ServerEventName = keyof ServerEvents;
export type ServerEventMessage = { [N in ServerEventName]: { name: N; payload: ServerEvents[N] } }[ServerEventName];
