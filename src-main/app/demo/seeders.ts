// Feature demo seeders, run in order after the registry exists. Add one line per feature.
import type { DemoPeople } from '../../people/demo';
import type { DemoContext } from './context';
import { seedScan } from '../../scan/demo';
import { seedAttendance } from '../../attendance/demo';
import { seedEntry } from '../../entry/demo';

export type FeatureSeeder = (ctx: DemoContext, people: DemoPeople) => void;

export const featureSeeders: FeatureSeeder[] = [seedAttendance, seedEntry, seedScan];
