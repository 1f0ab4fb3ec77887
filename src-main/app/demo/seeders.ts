// Feature demo seeders, run in order after the registry exists. Add one line per feature.
import type { DemoPeople } from '../../people/demo';
import type { DemoContext } from './context';

export type FeatureSeeder = (ctx: DemoContext, people: DemoPeople) => void;

export const featureSeeders: FeatureSeeder[] = [];
