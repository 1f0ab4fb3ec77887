import type { RouteDef } from '../app/route-types';
import { signedInRoles } from '../../src-shared/core/roles';
import { SyncScreen } from './SyncScreen';

export const syncRoutes: RouteDef[] = [{ path: 'sync', labelKey: 'sync.title', roles: signedInRoles, component: SyncScreen, needs: ['sync.status'] }];
