// Sync figures (BENCH.md): catch-up over a poor link, HQ ingest on SQLite and PostgreSQL, initial sync. Each is its
// own module, so one can be run alone (`npx tsx bench/run.ts catchUp`); `sync` selects all three.
import { startPostgres } from '../test/helpers/postgres';
import { catchUpFigures } from './sync-catchup';
import { ingestFigure } from './sync-ingest';
import { initialSyncFigure } from './sync-initial';
import type { BenchModule, Figure } from './types';

/**
 * Each PostgreSQL figure on a fresh cluster: HQ's first start (bootstrap code) is part of the set-up. The cluster is
 * durable (fsync and synchronous commit on), as HQ's acknowledgements require (BENCH.md).
 */
async function onPostgres(run: (url: string) => Promise<Figure>): Promise<Figure> {
  const pg = await startPostgres({ durable: true });
  try {
    return await run(pg.url);
  } finally {
    await pg.stop();
  }
}

export const catchUpBench: BenchModule = { name: 'catchUp', group: 'sync', run: catchUpFigures };

export const ingestBench: BenchModule = {
  name: 'ingest',
  group: 'sync',
  async run(): Promise<Figure[]> {
    return [
      await ingestFigure('sqlite'),
      await onPostgres((databaseUrl) => ingestFigure('postgres', { databaseUrl })),
      // A cooperative: the same 200 devices spread over 10 operators, whose pushes apply side by side.
      await onPostgres((databaseUrl) => ingestFigure('postgres', { databaseUrl, operators: 10, name: 'ingest.postgres.cooperative_ratio_vs_bare_insert' })),
    ];
  },
};

export const initialSyncBench: BenchModule = { name: 'initialSync', group: 'sync', run: async () => [await initialSyncFigure()] };
