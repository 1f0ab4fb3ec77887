// The API contract: every procedure the renderer may call, merged from each feature's contract.
import type { z } from 'zod';
import { appContract } from '../app/contract';
import { authContract } from '../auth/contract';
import { peopleContract } from '../people/contract';
import { systemContract } from '../system/contract';
import { scanContract } from '../scan/contract';
import { attendanceContract, kioskContract } from '../attendance/contract';
import { entryContract } from '../entry/contract';
import { syncContract } from '../sync/contract';
import type { ProcedureDef } from './define';

export const contract = {
  ...appContract,
  ...authContract,
  ...peopleContract,
  ...systemContract,
  ...scanContract,
  ...attendanceContract, ...kioskContract,
  ...entryContract,
  ...syncContract,
} satisfies Record<string, ProcedureDef>;

export type Contract = typeof contract;
export type ProcedureName = keyof Contract;
export type InputOf<N extends ProcedureName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends ProcedureName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends ProcedureName> = Exclude<Contract[N]['output'], undefined>;

export function isProcedureName(name: string): name is ProcedureName {
  return Object.hasOwn(contract, name);
}
