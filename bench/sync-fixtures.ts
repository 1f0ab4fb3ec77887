// Shared set-up for the sync benchmarks: an HQ on a real port and a device attached to it.
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { serve } from '@hono/node-server';
import { createApp, type App } from '../src-main/app/services';
import { credentials, staff } from '../src-main/people/schema';
import { unwrapStaffKey } from '../src-main/auth/staff-keys';
import { systemClock, type Clock } from '../src-main/store/clock';
import { keyFileSource } from '../src-main/store/database-key';
import { attachToHq } from '../src-main/sync/join';
import { httpTransport } from '../src-main/sync/transport';
import { plainVault } from '../src-main/sync/vault';
import type { CommandActor } from '../src-shared/commands/define';
import { createHq, type Hq } from '../src-server/hq';
import type { Logger } from '../src-server/logging/logger';

/** HQ's logger in the benches: silent, except for errors (a failing bench must say why). */
export const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error(message, fields) {
    process.stderr.write(`HQ error: ${message} ${JSON.stringify(fields)}\n`);
  },
};

export interface RunningHq {
  hq: Hq;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `now` lets HQ share a bench clock with the device (a week replayed in the past, without a clock offset). */
export async function startHqServer(options: { dataDir?: string; databaseUrl?: string; now?: () => number }): Promise<RunningHq> {
  return serveHq(await createHq({ ...options, log: quiet }));
}

/** An HQ instance on a loopback port; closing it stops the server and then HQ. */
export async function serveHq(hq: Hq): Promise<RunningHq> {
  const server = serve({ fetch: hq.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    hq,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hq.close();
    },
  };
}

/**
 * A center PC set up standalone and attached to HQ with the bootstrap code; the agent runs only when asked. Its store
 * is encrypted with a key file beside the data, as `serve` keeps it (BENCH.md: device figures run on the real store).
 */
export async function attachedDevice(dataDir: string, hq: { url: string; bootstrapCode: string }, clock: Clock = systemClock): Promise<{ app: App; admin: CommandActor }> {
  const app = createApp({ dataDir, clock, databaseKey: keyFileSource(dataDir, null), sync: { autoStart: false } });
  const setup = await app.router.call(
    'setup.initialize',
    { operatorName: 'Bench Co', siteName: '本店', siteCode: 'HQ', deviceKind: 'center', admin: { loginId: 'admin', familyName: '管理', givenName: '者', password: 'bench-password' } },
    null,
  );
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  await attachToHq({ store: app.services.store, clock, appVersion: '0.1.0', vault: plainVault, transport: httpTransport(hq.url) }, hq.url, hq.bootstrapCode);
  const row = app.services.store.db.select().from(staff).where(eq(staff.loginId, 'admin')).get()!;
  // The admin is signed in for the bench's set-up: their commands carry their signature, as a real PC's do (0072).
  const cred = app.services.store.db.select().from(credentials).where(eq(credentials.id, row.id)).get();
  const signingKey = cred ? unwrapStaffKey('bench-password', cred) : null;
  if (!signingKey) throw new Error('bench admin: no signing key');
  app.services.sessions.holdKey(row.id, signingKey);
  return { app, admin: { role: 'admin', staffId: row.id, workerId: null } };
}
