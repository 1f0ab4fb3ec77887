// Is a job's document for a municipality? Looked up once per export from the job's registered client.
import { eq } from 'drizzle-orm';
import { forMunicipality } from '../../src-shared/core/clients';
import { clients } from '../people/schema';
import type { Store } from '../store/open';

export function jobForMunicipality(store: Store, job: { clientId: string | null; clientName: string }): boolean {
  const client = job.clientId ? store.db.select({ kind: clients.kind }).from(clients).where(eq(clients.id, job.clientId)).get() : undefined;
  return forMunicipality(client?.kind, job.clientName);
}
