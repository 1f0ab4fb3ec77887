// Binds every procedure of the contract to its feature's handler. Add one spread per feature.
import { appHandlers } from '../app/handlers';
import { authHandlers } from '../auth/handlers';
import { peopleHandlers } from '../people/handlers';
import type { AllHandlers } from './handlers';

export const allHandlers: AllHandlers = {
  ...appHandlers,
  ...authHandlers,
  ...peopleHandlers,
};
