// Cheap bounds on what a client sends, checked on the parsed JSON before zod walks it (decision 0077).
import { MAX_PUSH_COMMANDS } from '../../src-shared/sync/protocol';
import { SyncError } from './errors';

/**
 * Cursors one pull may name at all. HQ then holds them to the device's own bucket count plus slack
 * (src-server/sync/pull.ts); this first bound keeps a hostile body from costing a walk over millions of keys.
 */
export const MAX_PULL_CURSORS = 20_000;
/** Cursors a device may name beyond its own buckets: buckets it left since its last pull, still to be cleared. */
export const CURSOR_SLACK = 256;

export function checkCursorCount(json: unknown): void {
  const cursors = (json as { cursors?: unknown } | null)?.cursors;
  if (cursors && typeof cursors === 'object' && Object.keys(cursors).length > MAX_PULL_CURSORS) throw new SyncError('too_large', 413);
}

/** A push of more commands than a batch may hold is refused as too large (not walked command by command). */
export function checkCommandCount(json: unknown): void {
  const commands = (json as { commands?: unknown } | null)?.commands;
  if (Array.isArray(commands) && commands.length > MAX_PUSH_COMMANDS) throw new SyncError('too_large', 413);
}
