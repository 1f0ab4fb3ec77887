import type { RouteDef } from '../app/route-types';
import { officeRoles, signedInRoles } from '../../src-shared/core/roles';
import { BoardScreen } from './BoardScreen';
import { CorrectionsScreen } from './CorrectionsScreen';
import { KioskScreen } from './KioskScreen';
import { MyWorkScreen } from './MyWorkScreen';
import { TimesheetScreen } from './TimesheetScreen';

export const attendanceRoutes: RouteDef[] = [
  { path: 'kiosk', labelKey: 'nav.kiosk', roles: ['kiosk'], component: KioskScreen, needs: ['kiosk.workers', 'kiosk.punch'] },
  // 'home' is where sign-in lands: a worker's own work log and punches.
  { path: 'home', labelKey: 'nav.myWork', roles: ['worker', 'leader'], component: MyWorkScreen, needs: ['attendance.worklog'] },
  { path: 'board', labelKey: 'nav.board', roles: [...officeRoles, 'leader'], component: BoardScreen, needs: ['attendance.board'] },
  { path: 'corrections', labelKey: 'nav.corrections', roles: signedInRoles, component: CorrectionsScreen, needs: ['attendance.corrections'] },
  { path: 'timesheet', labelKey: 'nav.timesheet', roles: [...officeRoles, 'leader'], component: TimesheetScreen, needs: ['attendance.timesheet'] },
];
