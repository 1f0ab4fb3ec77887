// Sync figures (BENCH.md): catch-up over a poor link, HQ ingest on SQLite and PostgreSQL, initial sync.
import { startPostgres } from '../test/helpers/postgres';
import { catchUpFigures } from './sync-catchup';
import { ingestFigure } from './sync-ingest';
import { initialSyncFigure } from './sync-initial';
import type { BenchModule, Figure } from './types';

export const syncBench: BenchModule = {
  name: 'sync',
  async run(): Promise<Figure[]> {
    const figures = [...(await catchUpFigures())];
    figures.push(await ingestFigure('sqlite'));
    const pg = await startPostgres();
    try {
      figures.push(await ingestFigure('postgres', pg.url));
    } finally {
      await pg.stop();
    }
    figures.push(await initialSyncFigure());
    return figures;
  },
};
