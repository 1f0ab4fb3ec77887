// Opens an HQ on a fresh SQLite folder or a fresh PostgreSQL database, and a device-side client for it.
import pg from 'pg';
import { newId } from '../../src-shared/core/ids';
import { createHq, type Hq } from '../../src-server/hq';
import { HqClient } from '../../src-main/sync/hq-client';
import { inProcessTransport } from '../../src-main/sync/transport';
import { credentialResponse, paths, pushResponse, type QueuedCommand } from '../../src-shared/sync/protocol';
import { type TestClock, tempDir } from '../helpers/app';
import { quietLog } from '../sim/harness';

export type Dialect = 'sqlite' | 'pg';

export async function openHq(dialect: Dialect, clock: TestClock): Promise<Hq & { drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const hq = await createHq({ dataDir: tempDir('tomoni-hq-'), now: () => clock.now(), log: quietLog });
    return { ...hq, drop: () => hq.close() };
  }
  const db = await freshPgDatabase();
  const hq = await createHq({ databaseUrl: db.url, now: () => clock.now(), log: quietLog });
  return {
    ...hq,
    async drop() {
      await hq.close();
      await db.drop();
    },
  };
}

/** An empty database on the test cluster, and a way to drop it. */
export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TOMONI_TEST_PG_URL;
  if (!base) throw new Error('TOMONI_TEST_PG_URL is not set: run with --project server');
  const name = `hq_${newId().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: base.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function clientFor(hq: Hq, clock: TestClock, credential: { deviceId: string; secret: string } | null = null, protocolVersion?: number): HqClient {
  return new HqClient(inProcessTransport(hq.app), { appVersion: '0.1.0', schemaVersion: 1, protocolVersion }, clock, credential);
}

export function command(seq: number, name: string, args: unknown, actor: QueuedCommand['actor'], clock: TestClock): QueuedCommand {
  const hlc = `${String(clock.now()).padStart(13, '0')}-${seq.toString(16).padStart(5, '0')}-aaaaaaaaaaaa`;
  return { seq, id: newId(), name, args, actor, hlc, deviceTime: clock.now(), touches: [] };
}

/**
 * An operator brought to HQ by its first device (bootstrap code unless another is given), which then pushes the
 * operator row and its first admin — the usual start of a server test.
 */
export async function attachOperatorWithAdmin(
  hq: Hq,
  clock: TestClock,
  options: { operatorId?: string; adminId?: string; siteId?: string; code?: string; name?: string } = {},
): Promise<{ client: HqClient; deviceId: string; secret: string; operatorId: string; adminId: string; admin: QueuedCommand['actor'] }> {
  const operatorId = options.operatorId ?? newId();
  const { client, deviceId, secret } = await attachFirstDevice(hq, clock, { operatorId, siteId: options.siteId, code: options.code });
  const adminId = options.adminId ?? newId();
  const admin = await pushOperatorSetup(client, clock, operatorId, adminId, options.name ?? '管理');
  return { client, deviceId, secret, operatorId, adminId, admin };
}

/** The first push of an operator's first device: the operator row and its first admin (who signs both). */
export async function pushOperatorSetup(client: HqClient, clock: TestClock, operatorId: string, adminId: string, name: string): Promise<QueuedCommand['actor']> {
  const admin = { role: 'admin', staffId: adminId, workerId: null };
  const res = await client.post(
    paths.push,
    {
      commands: [
        command(1, 'people.createOperator', { id: operatorId, name }, admin, clock),
        command(2, 'people.upsertStaff', { id: adminId, loginId: 'admin', familyName: name, givenName: '者', role: 'admin', siteId: null, active: true }, admin, clock),
      ],
    },
    pushResponse,
  );
  if (res.value.results.some((r) => r.status !== 'applied')) throw new Error(`operator set-up refused: ${JSON.stringify(res.value.results)}`);
  return admin;
}

/** The operator's first device (a center PC), attached with the bootstrap code unless another is given. */
export async function attachFirstDevice(
  hq: Hq,
  clock: TestClock,
  options: { operatorId: string; siteId?: string; code?: string },
): Promise<{ client: HqClient; deviceId: string; secret: string }> {
  const deviceId = newId();
  const cred = await clientFor(hq, clock).post(
    paths.attach,
    { code: options.code ?? hq.secrets.bootstrapCode!, deviceId, operatorId: options.operatorId, kind: 'center', siteId: options.siteId ?? newId(), workerId: null },
    credentialResponse,
  );
  return { client: clientFor(hq, clock, { deviceId, secret: cred.value.secret }), deviceId, secret: cred.value.secret };
}
