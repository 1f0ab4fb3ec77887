// Sync figures (BENCH.md): catch-up over a poor link, HQ ingest on SQLite and PostgreSQL, initial sync.
import { startPostgres } from '../test/helpers/postgres';
import { catchUpFigures } from './sync-catchup';
import { ingestFigure } from './sync-ingest';
import { initialSyncFigure } from './sync-initial';
import type { BenchModule, Figure } from './types';

/** Each PostgreSQL figure on a fresh cluster: HQ's first start (bootstrap code) is part of the set-up. */
async function onPostgres(run: (url: string) => Promise<Figure>): Promise<Figure> {
  const pg = await startPostgres();
  try {
    return await run(pg.url);
  } finally {
    await pg.stop();
  }
}

export const syncBench: BenchModule = {
  name: 'sync',
  async run(): Promise<Figure[]> {
    const figures = [...(await catchUpFigures())];
    figures.push(await ingestFigure('sqlite'));
    figures.push(await onPostgres((databaseUrl) => ingestFigure('postgres', { databaseUrl })));
    // A cooperative: the same 200 devices spread over 10 operators, whose pushes apply side by side.
    figures.push(await onPostgres((databaseUrl) => ingestFigure('postgres', { databaseUrl, operators: 10, name: 'ingest.postgres.cooperative_ratio_vs_bare_insert' })));
    figures.push(await initialSyncFigure());
    return figures;
  },
};
