// Every benchmark module, in the order they run. Add one line per feature.
import type { BenchModule } from './types';
import { catchUpBench, ingestBench, initialSyncBench } from './sync';
import { scanBench } from './scan';
import { attendanceBench } from './attendance';
import { entryBench } from './entry';

export const benchModules: BenchModule[] = [attendanceBench, scanBench, catchUpBench, ingestBench, initialSyncBench, entryBench];
