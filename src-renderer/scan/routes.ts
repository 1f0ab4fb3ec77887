// The scan station's screens. Workers see the station and the board; leaders and staff set up, check and deliver.
import type { RouteDef } from '../app/route-types';
import type { Role } from '../../src-shared/core/roles';
import { BoardAllScreen, BoardScreen } from './BoardScreen';
import { DeliveryScreen } from './DeliveryScreen';
import { QcScreen } from './QcScreen';
import { ScanSetupScreen } from './SetupScreen';
import { SlipsScreen } from './SlipsScreen';
import { StationScreen } from './StationScreen';

const floor: readonly Role[] = ['admin', 'manager', 'director', 'leader', 'worker'];
const leaders: readonly Role[] = ['admin', 'manager', 'director', 'leader'];
const viewers: readonly Role[] = ['admin', 'backoffice', 'manager', 'director', 'leader', 'worker'];

export const scanRoutes: RouteDef[] = [
  { path: 'scan', labelKey: 'scan.nav.station', roles: floor, component: StationScreen, needs: ['scan.listJobs', 'scan.lookup'] },
  { path: 'scan-board', labelKey: 'scan.nav.board', roles: viewers, component: BoardScreen, needs: ['scan.listJobs'] },
  { path: 'scan-board-all', labelKey: 'scan.nav.board', roles: viewers, component: BoardAllScreen, hidden: true },
  { path: 'scan-qc', labelKey: 'scan.nav.qc', roles: leaders, component: QcScreen, needs: ['scan.qcQueue', 'scan.recordQc', 'scan.sendBack'] },
  { path: 'scan-setup', labelKey: 'scan.nav.setup', roles: leaders, component: ScanSetupScreen, needs: ['scan.listJobs', 'scan.getSettings', 'scan.saveSettings', 'scan.previewImport', 'scan.commitImport', 'scan.exportVolumes'] },
  { path: 'scan-slips', labelKey: 'scan.slips.title', roles: leaders, component: SlipsScreen, hidden: true },
  { path: 'scan-delivery', labelKey: 'scan.nav.delivery', roles: leaders, component: DeliveryScreen, needs: ['scan.buildManifest', 'scan.listDeliveries', 'scan.recordDelivery'] },
];
