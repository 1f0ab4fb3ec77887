// Every screen, merged from each feature's route list. Add one spread per feature.
import type { RouteDef } from './route-types';
import { peopleRoutes } from '../people/routes';
import { attendanceRoutes } from '../attendance/routes';
import { systemRoutes } from '../system/routes';
import { entryRoutes } from '../entry/routes';
import { scanRoutes } from '../scan/routes';
import { syncRoutes } from '../sync/routes';

export const routes: RouteDef[] = [...attendanceRoutes, ...peopleRoutes, ...systemRoutes, ...entryRoutes, ...scanRoutes, ...syncRoutes];
