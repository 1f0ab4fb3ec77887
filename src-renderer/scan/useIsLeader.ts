// Whether the signed-in person leads the floor (leaders and staff other than back office).
import { useAppStore } from '../app/store';

export function useIsLeader(): boolean {
  const role = useAppStore((s) => s.me?.role);
  return role !== undefined && role !== 'worker' && role !== 'backoffice';
}
