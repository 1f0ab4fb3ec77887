// A named command: the only way a synced table changes (DESIGN.md rules 2–3).
// Its rule (`decide`) is a pure function run by the device and again by HQ on its own store.
import type { z } from 'zod';
import type { Role } from '../core/roles';

/** Who ran the command, as the device saw it. HQ re-checks all of it. */
export interface CommandActor {
  role: Role;
  /** Staff user id, when a staff member ran it. */
  staffId: string | null;
  /** Worker id, when a worker ran it (kiosk or loaned PC). */
  workerId: string | null;
}

export interface CommandMeta {
  operatorId: string;
  deviceId: string;
  /** Site of the device (center PC) or null (loaned PC, HQ). */
  siteId: string | null;
  /** HLC assigned when the command was made on its device. */
  hlc: string;
  /** Device wall clock when the command was made, ms since epoch. */
  deviceTime: number;
  /** HQ's receive time and the device clock offset (HQ − device), known only when HQ applies it. */
  hqReceivedAt: number | null;
  clockOffsetMs: number | null;
}

export type Primitive = string | number | boolean | null;
export type Row = { id: string } & Record<string, unknown>;

/** Reads the store the rule runs against: the device's SQLite or HQ's. */
export interface EntityReader {
  get<T extends { id: string } = Row>(table: string, id: string): T | undefined;
  /** Rows whose fields equal the given values. Keep `where` selective: it must use an index. */
  find<T extends { id: string } = Row>(table: string, where: Record<string, Primitive>): T[];
}

export type Effect =
  /** Append a fact. Applying the same insert twice is a no-op. */
  | { op: 'insert'; table: string; row: Row }
  /** Replace a state row whose transitions the rule has just validated. */
  | { op: 'put'; table: string; row: Row }
  /** Registry edit: last writer wins per field by HLC; overwritten values go to history. */
  | { op: 'patch'; table: string; id: string; fields: Record<string, unknown>; hlc: string };

export interface DecideContext {
  reader: EntityReader;
  actor: CommandActor;
  meta: CommandMeta;
}

export interface CommandDef<S extends z.ZodType = z.ZodType> {
  name: string;
  input: S;
  /** Roles that may run the command; HQ refuses the rest. */
  roles: readonly Role[];
  /** Pure: same store, same input, same effects — on the device and at HQ. Throws via `reject()`. */
  decide(ctx: DecideContext, input: z.output<S>): Effect[];
}

export function defineCommand<S extends z.ZodType>(def: CommandDef<S>): CommandDef<S> {
  return def;
}
