// Binds every procedure of the contract to its feature's handler. Add one spread per feature.
import { appHandlers } from '../app/handlers';
import { authHandlers } from '../auth/handlers';
import { peopleHandlers } from '../people/handlers';
import { systemHandlers } from '../system/handlers';
import { scanHandlers } from '../scan/handlers';
import { entryHandlers } from '../entry/handlers';
import { syncHandlers } from '../sync/handlers';
import { attendanceHandlers } from '../attendance/handlers';
import { kioskHandlers } from '../attendance/kiosk-handlers';
import type { AllHandlers } from './handlers';

export const allHandlers: AllHandlers = {
  ...appHandlers,
  ...authHandlers,
  ...peopleHandlers,
  ...systemHandlers,
  ...scanHandlers,
  ...entryHandlers,
  ...syncHandlers,
  ...attendanceHandlers, ...kioskHandlers,
};
