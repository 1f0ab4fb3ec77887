// Types for binding contract procedures to feature handlers.
import type { OutputOf, ParsedInputOf, ProcedureName } from '../../src-shared/api/contract';
import type { HandlerContext } from './context';

export type Handler<N extends ProcedureName> = (
  input: ParsedInputOf<N>,
  ctx: HandlerContext,
) => OutputOf<N> | Promise<OutputOf<N>>;

/** The handlers of the procedures whose names start with `Prefix`, e.g. `'attendance.'`. */
export type FeatureHandlers<Prefix extends string> = {
  [N in ProcedureName as N extends `${Prefix}${string}` ? N : never]: Handler<N>;
};

export type AllHandlers = { [N in ProcedureName]: Handler<N> };
