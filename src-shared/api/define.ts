// How a procedure of the API contract is declared: its input schema, its output type and who may call it.
import type { z } from 'zod';
import type { Role } from '../core/roles';

/** `public` procedures run without a signed-in person (setup, login, app status). */
export type Access = readonly Role[] | 'public';

export interface ProcedureDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** Phantom: carries the output type only. */
  readonly output?: O;
}

/** `procedure<Output>()({ input, access })` — the output type is named, the input is inferred. */
export function procedure<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access }): ProcedureDef<I, O> => def;
}

export type ProcedureMap = Record<string, ProcedureDef>;
