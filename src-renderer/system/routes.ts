import type { RouteDef } from '../app/route-types';
import { SystemScreen } from './SystemScreen';

export const systemRoutes: RouteDef[] = [{ path: 'system', labelKey: 'nav.system', roles: ['admin'], component: SystemScreen, needs: ['system.device', 'system.auditLog', 'system.settings'] }];
