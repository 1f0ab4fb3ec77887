// Opens an HQ on a fresh SQLite folder or a fresh PostgreSQL database, and a device-side client for it.
import { createHash, createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import pg from 'pg';
import type { z } from 'zod';
import { publicKeyText, signAdminCall, signCommand } from '../../src-main/auth/staff-keys';
import type { SyncTransport } from '../../src-main/sync/transport';
import { newId } from '../../src-shared/core/ids';
import { createHq, type Hq } from '../../src-server/hq';
import { HqClient, type Exchange } from '../../src-main/sync/hq-client';
import { inProcessTransport } from '../../src-main/sync/transport';
import { createCodeResponse, credentialResponse, headers as H, paths, pushResponse, type QueuedCommand } from '../../src-shared/sync/protocol';
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

/** A staff member's test key: derived from their id, so any test can sign for anyone it names (decision 0072). */
export function testStaffKey(staffId: string): KeyObject {
  const seed = createHash('sha256').update(`tomoni-test-staff:${staffId}`).digest();
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
}

export function testStaffPublicKey(staffId: string): string {
  return publicKeyText(createPublicKey(testStaffKey(staffId)));
}

/**
 * A device's client that signs like a real device: every staff command it pushes gets its author's signature, and
 * an admin call naming a staff member gets theirs (with the same functions the app uses). Commands that already
 * carry a proof, or calls with one, are left as they are — attack tests forge their own.
 */
class SigningClient extends HqClient {
  constructor(
    transport: SyncTransport,
    identity: ConstructorParameters<typeof HqClient>[1],
    private readonly testClock: TestClock,
    private readonly deviceId: string | null,
    credential: { deviceId: string; secret: string } | null,
  ) {
    super(transport, identity, testClock, credential);
  }

  override post<S extends z.ZodType>(path: string, body: unknown, schema: S, extra: Record<string, string> = {}): Promise<Exchange<z.output<S>>> {
    const deviceId = this.deviceId;
    if (deviceId && path === paths.push && !extra[unsignedHeader]) {
      const { commands } = body as { commands: QueuedCommand[] };
      // A command without an id (an older client's) cannot be signed: it goes as it is.
      body = { commands: commands.map((c) => (c.actor.staffId && c.id && !c.proof ? signed(c, deviceId) : c)) };
    }
    const staffId = extra[H.staff];
    if (deviceId && staffId && !extra[H.staffProof]) {
      const requestId = randomUUID();
      const time = this.testClock.now();
      const proof = signAdminCall(testStaffKey(staffId), { method: 'POST', path, time, deviceId, staffId, requestId }, body);
      extra = { ...extra, [H.requestId]: requestId, [H.staffTime]: String(time), [H.staffProof]: proof };
    }
    const { [unsignedHeader]: _unsigned, ...headers } = extra;
    return super.post(path, body, schema, headers);
  }
}

/** Extra header a test passes to push its staff commands without signatures (an attacker without the key). */
export const unsignedHeader = 'x-test-unsigned';

export function signed(c: QueuedCommand, deviceId: string, key: KeyObject = testStaffKey(c.actor.staffId!)): QueuedCommand {
  const id = c.id ?? newId();
  return { ...c, id, proof: signCommand(key, { deviceId, id, name: c.name, hlc: c.hlc, actor: c.actor }, c.args) };
}

export function clientFor(hq: Hq, clock: TestClock, credential: { deviceId: string; secret: string } | null = null, protocolVersion?: number): HqClient {
  return new SigningClient(inProcessTransport(hq.app), { appVersion: '0.1.0', schemaVersion: 1, protocolVersion }, clock, credential?.deviceId ?? null, credential);
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
  const adminId = options.adminId ?? newId();
  const { client, deviceId, secret } = await attachFirstDevice(hq, clock, { operatorId, siteId: options.siteId, code: options.code, staffIds: [adminId] });
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

/** The operator's first device (a center PC), attached with the bootstrap code unless another is given, trusting the keys of `staffIds`. */
export async function attachFirstDevice(
  hq: Hq,
  clock: TestClock,
  options: { operatorId: string; siteId?: string; code?: string; staffIds?: string[] },
): Promise<{ client: HqClient; deviceId: string; secret: string }> {
  const deviceId = newId();
  // Trust on first attach: the staff whose signatures the device's queue carries (its set-up admin).
  const staffKeys = Object.fromEntries((options.staffIds ?? []).map((id) => [id, testStaffPublicKey(id)]));
  const cred = await clientFor(hq, clock).post(
    paths.attach,
    { code: options.code ?? hq.secrets.bootstrapCode!, deviceId, operatorId: options.operatorId, kind: 'center', siteId: options.siteId ?? newId(), workerId: null, staffKeys },
    credentialResponse,
  );
  return { client: clientFor(hq, clock, { deviceId, secret: cred.value.secret }), deviceId, secret: cred.value.secret };
}

/** An enrolled device in a server test: its client, the seq of its next command, and its credential. */
export interface TestDevice {
  client: HqClient;
  seq: number;
  credential: { deviceId: string; secret: string } | null;
}

/** Pushes one command from the device; answers `applied`, `duplicate`… or the message key of HQ's refusal. */
export async function pushOne(device: TestDevice, name: string, args: unknown, actor: QueuedCommand['actor'], clock: TestClock): Promise<string> {
  const res = await device.client.post(paths.push, { commands: [command(device.seq++, name, args, actor, clock)] }, pushResponse);
  const r = res.value.results[0];
  return r.status === 'rejected' ? r.reason.messageKey : r.status;
}

/** A device enrolled with a code the admin issues from `issuer` (signed by that admin). */
export async function enrollDevice(
  hq: Hq,
  clock: TestClock,
  issuer: TestDevice,
  adminId: string,
  target: { kind: 'center' | 'loaned'; siteId: string | null; workerId: string | null },
): Promise<TestDevice> {
  const { value } = await issuer.client.post(paths.adminCodes, { ...target, ttlMinutes: 60 }, createCodeResponse, { 'x-tomoni-staff': adminId });
  const deviceId = newId();
  const cred = await clientFor(hq, clock).post(paths.enroll, { code: value.code, deviceId }, credentialResponse);
  const credential = { deviceId, secret: cred.value.secret };
  return { client: clientFor(hq, clock, credential), seq: 1, credential };
}
