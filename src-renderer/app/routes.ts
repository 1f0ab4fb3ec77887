// Every screen, merged from each feature's route list. Add one spread per feature.
import type { RouteDef } from './route-types';
import { peopleRoutes } from '../people/routes';

export const routes: RouteDef[] = [...peopleRoutes];
