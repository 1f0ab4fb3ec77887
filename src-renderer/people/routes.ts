import type { RouteDef } from '../app/route-types';
import { officeRoles } from '../../src-shared/core/roles';
import { WorkersScreen } from './WorkersScreen';

export const peopleRoutes: RouteDef[] = [
  { path: 'people', labelKey: 'nav.people', roles: officeRoles, component: WorkersScreen },
];
