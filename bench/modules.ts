// Every benchmark module, in the order they run. Add one line per feature.
import type { BenchModule } from './types';

export const benchModules: BenchModule[] = [];
