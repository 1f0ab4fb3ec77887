// Setting up an operator: sites, staff accounts, workers, clients and jobs. Office roles see them; who may change what is
// decided per button from the contract (useCan), so a director reads the lists without being offered a save.
import type { RouteDef } from '../app/route-types';
import { officeRoles } from '../../src-shared/core/roles';
import { ClientsScreen } from './ClientsScreen';
import { JobsScreen } from './JobsScreen';
import { SitesScreen } from './SitesScreen';
import { StaffScreen } from './StaffScreen';
import { WorkersScreen } from './WorkersScreen';

export const peopleRoutes: RouteDef[] = [
  { path: 'jobs', labelKey: 'nav.jobs', roles: officeRoles, component: JobsScreen, needs: ['people.listJobs', 'people.listClients'] },
  { path: 'clients', labelKey: 'nav.clients', roles: officeRoles, component: ClientsScreen, needs: ['people.listClients'] },
  { path: 'people', labelKey: 'nav.people', roles: officeRoles, component: WorkersScreen, needs: ['people.listWorkers', 'people.listSites'] },
  { path: 'sites', labelKey: 'nav.sites', roles: officeRoles, component: SitesScreen, needs: ['people.listSites'] },
  { path: 'staff', labelKey: 'nav.staff', roles: officeRoles, component: StaffScreen, needs: ['people.listStaff', 'people.listSites'] },
];
