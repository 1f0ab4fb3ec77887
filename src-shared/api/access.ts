// Whether a role may call a procedure, read from the contract itself: screens offer only what the router will allow.
import type { Role } from '../core/roles';
import { contract, type ProcedureName } from './contract';

export function mayCall(name: ProcedureName, role: Role | null | undefined): boolean {
  const access = contract[name].access;
  if (access === 'public') return true;
  return role != null && access.includes(role);
}
