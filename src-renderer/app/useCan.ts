// True when the signed-in person may call the procedure: buttons that the router would refuse are not shown.
import type { ProcedureName } from '../../src-shared/api/contract';
import { mayCall } from '../../src-shared/api/access';
import { useAppStore } from './store';

export function useCan(name: ProcedureName): boolean {
  const role = useAppStore((s) => s.me?.role);
  return mayCall(name, role);
}
