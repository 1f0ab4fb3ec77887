import type { RouteDef } from '../app/route-types';
import { BatchesScreen } from './BatchesScreen';
import { CompareScreen } from './CompareScreen';
import { EntryScreen } from './EntryScreen';
import { MyUnitsScreen } from './MyUnitsScreen';
import { ReportScreen } from './ReportScreen';
import { ReviewScreen } from './ReviewScreen';
import { TemplatesScreen } from './TemplatesScreen';

const leads = ['admin', 'manager', 'director', 'leader'] as const;
const keyers = ['leader', 'worker', 'admin', 'manager', 'director'] as const;

export const entryRoutes: RouteDef[] = [
  { path: 'entry/mine', labelKey: 'entry.nav.mine', roles: ['leader', 'worker'], component: MyUnitsScreen, needs: ['entry.myUnits'] },
  { path: 'entry/batches', labelKey: 'entry.nav.batches', roles: leads, component: BatchesScreen, needs: ['entry.listBatches', 'entry.createBatch', 'people.listJobs', 'entry.listTemplates'] },
  { path: 'entry/review', labelKey: 'entry.nav.review', roles: leads, component: ReviewScreen, needs: ['entry.listBatches', 'entry.batchDetail'] },
  { path: 'entry/report', labelKey: 'entry.nav.report', roles: [...leads, 'backoffice'], component: ReportScreen, needs: ['entry.report'] },
  { path: 'entry/templates', labelKey: 'entry.nav.templates', roles: ['admin', 'manager', 'director'], component: TemplatesScreen, needs: ['entry.listTemplates', 'entry.saveTemplate'] },
  { path: 'entry/key', labelKey: 'entry.nav.mine', roles: keyers, component: EntryScreen, hidden: true },
  { path: 'entry/compare', labelKey: 'entry.nav.review', roles: leads, component: CompareScreen, hidden: true },
];
