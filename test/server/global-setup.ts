// Starts a throwaway PostgreSQL cluster on a loopback port for the server tests and stops it afterwards.
// Its URL reaches the tests through TOMONI_TEST_PG_URL. Without PostgreSQL installed the suite fails loudly:
// CI installs it (scripts/install-system-deps.sh).
import { startPostgres, type PgCluster } from '../helpers/postgres';

let cluster: PgCluster | null = null;

export async function setup(): Promise<void> {
  cluster = await startPostgres();
  process.env.TOMONI_TEST_PG_URL = cluster.url;
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
