// Connecting this install to HQ: attach a standalone device's operator (bootstrap code) or join an operator as a
// new device (enrollment code). The credential is stored sealed in sync_state, never synced.
import { eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import { formatHlc } from '../../src-shared/core/hlc';
import { newId } from '../../src-shared/core/ids';
import { type attachRequest, credentialResponse, paths, type CredentialResponse } from '../../src-shared/sync/protocol';
import type { z } from 'zod';
import { readDevice } from '../app/device';
import { hlcNodeOf } from '../app/setup';
import type { Clock } from '../store/clock';
import { credentials } from '../people/schema';
import { deviceInfo } from '../store/local-schema';
import type { Store } from '../store/open';
import { HqClient, SyncHttpError } from './hq-client';
import { createRetained } from './retained';
import { syncState } from './schema';
import type { SyncTransport } from './transport';
import type { CertificatePin } from './http-worker';
import { isPlainHttp, splitCode } from '../../src-shared/sync/pin';
import type { SecretVault } from './vault';
import fs from 'node:fs';
import path from 'node:path';

export interface JoinDeps {
  store: Store;
  clock: Clock;
  appVersion: string;
  vault: SecretVault;
  transport: SyncTransport;
  /** Real HTTP(S): a transport that trusts only the certificate the code's pin names (decision 0079). */
  transportFor?: (pin: CertificatePin | null) => SyncTransport;
}

/**
 * The code as typed (`CODE@PIN`) and the transport to use with it. An https HQ needs the pin: without it the device
 * would have to trust whoever answers. A plain-HTTP HQ needs none (the sync screen warns).
 */
function pinnedJoin(deps: JoinDeps, hqUrl: string, typed: string): { code: string; transport: SyncTransport } {
  const { code, pin, pinInvalid } = splitCode(typed);
  if (pinInvalid) throw new AppError('invalid_input', 'sync.errors.pinInvalid');
  if (!deps.transportFor) return { code, transport: deps.transport };
  if (isPlainHttp(hqUrl)) return { code, transport: deps.transportFor(null) };
  if (!pin) throw new AppError('invalid_input', 'sync.errors.pinMissing');
  return { code, transport: deps.transportFor({ prefix: pin }) };
}

function toAppError(err: unknown): never {
  if (err instanceof SyncHttpError) {
    const key =
      err.code === 'network'
        ? 'sync.errors.network'
        : err.code === 'code_invalid'
          ? 'sync.errors.codeInvalid'
          : err.code === 'tls_pin_mismatch'
            ? 'sync.errors.pinMismatch'
            : 'sync.errors.refused';
    throw new AppError(err.code === 'code_invalid' ? 'invalid_input' : 'conflict', key, { code: err.code });
  }
  throw err;
}

function saveCredential(deps: JoinDeps, hqUrl: string, cred: CredentialResponse, fingerprint: string | undefined): void {
  const hqPin = fingerprint ?? null;
  deps.store.db
    .insert(syncState)
    .values({ id: 'self', hqUrl, hqPin, sealedSecret: deps.vault.seal(cred.secret), hqAppliedSeq: 0 })
    .onConflictDoUpdate({ target: syncState.id, set: { hqUrl, hqPin, sealedSecret: deps.vault.seal(cred.secret), revokedAt: null, hqAppliedSeq: 0 } })
    .run();
}

/**
 * Each staff member's key as the queue first used it: the key the first queued `setCredential` for them carried
 * (the set-up signs with the admin's key before queuing it), else the key their credential row holds now. HQ trusts
 * these once, at attach (decision 0072); later keys reach it through commands signed by these.
 */
export function firstStaffKeys(store: Store): Record<string, string> {
  const keys: Record<string, string> = {};
  const queued = store.sqlite.prepare("SELECT args FROM outbox WHERE name = 'people.setCredential' ORDER BY seq").pluck().all() as string[];
  for (const text of queued) {
    const args = JSON.parse(text) as { id: string; subjectType: string; publicKey?: string };
    if (args.subjectType === 'staff' && args.publicKey && !keys[args.id]) keys[args.id] = args.publicKey;
  }
  for (const c of store.db.select().from(credentials).where(eq(credentials.subjectType, 'staff')).all()) {
    if (c.publicKey && !keys[c.id]) keys[c.id] = c.publicKey;
  }
  return keys;
}

/** The first device of an operator (set up standalone) brings its operator and its whole queue to HQ. */
export async function attachToHq(deps: JoinDeps, hqUrl: string, typed: string): Promise<void> {
  const device = readDevice(deps.store);
  if (!device) throw new AppError('not_setup', 'errors.notSetup');
  const joined = pinnedJoin(deps, hqUrl, typed);
  const client = new HqClient(joined.transport, { appVersion: deps.appVersion, schemaVersion: deps.store.schemaVersion }, deps.clock);
  const body: z.input<typeof attachRequest> = {
    code: joined.code,
    deviceId: device.deviceId,
    operatorId: device.operatorId,
    kind: device.kind,
    siteId: device.siteId,
    workerId: device.workerId,
    staffKeys: firstStaffKeys(deps.store),
    // Everything queued so far was made before HQ knew the operator: HQ does not bound it by site (decision 0123).
    historySeq: createRetained(deps.store.sqlite).facts().lastIssued,
  };
  const cred = await client.post(paths.attach, body, credentialResponse).catch(toAppError);
  deps.store.sqlite.transaction(() => saveCredential(deps, hqUrl, cred.value, cred.fingerprint)).immediate();
}

/** A new install joins an operator: HQ decides its kind and scope; its data arrives with the first pull. */
export async function enrollWithCode(deps: JoinDeps, hqUrl: string, typed: string): Promise<CredentialResponse> {
  if (readDevice(deps.store)) throw new AppError('already_setup', 'errors.alreadySetup');
  const deviceId = newId();
  const joined = pinnedJoin(deps, hqUrl, typed);
  const client = new HqClient(joined.transport, { appVersion: deps.appVersion, schemaVersion: deps.store.schemaVersion }, deps.clock);
  const answer = await client.post(paths.enroll, { code: joined.code, deviceId }, credentialResponse).catch(toAppError);
  const cred = answer.value;
  // Marked before the device exists: a crash between the two leaves a mark that names no device, which counts as nothing.
  fs.writeFileSync(joiningFile(deps.store), cred.deviceId);
  deps.store.sqlite
    .transaction(() => {
      deps.store.db
        .insert(deviceInfo)
        .values({
          id: 'self',
          deviceId: cred.deviceId,
          kind: cred.kind,
          operatorId: cred.operatorId,
          siteId: cred.siteId,
          workerId: cred.workerId,
          hlc: formatHlc({ wallMs: deps.clock.now(), counter: 0, node: hlcNodeOf(cred.deviceId) }),
          createdAt: deps.clock.now(),
        })
        .run();
      saveCredential(deps, hqUrl, cred, answer.fingerprint);
    })
    .immediate();
  return cred;
}

/** Beside the database: the identity this PC joined HQ under, until its first complete sync (decision 0098). */
const JOINING_FILE = 'joining';

function joiningFile(store: Store): string {
  return path.join(path.dirname(store.sqlite.name), JOINING_FILE);
}

/**
 * This PC joined HQ with a code and its first complete sync has not finished: until it has, it holds part of its
 * people and work at most, so set-up is not done (decision 0098). The mark names the identity it joined under, so a
 * PC set up standalone (and attached later) never counts, whatever a crash left behind.
 */
export function firstSyncPending(store: Store): boolean {
  let marked: string;
  try {
    marked = fs.readFileSync(joiningFile(store), 'utf8').trim();
  } catch {
    return false;
  }
  const row = store.sqlite.prepare('SELECT d.device_id AS deviceId, s.last_sync_at AS lastSyncAt, s.revoked_at AS revokedAt FROM device_info d JOIN sync_state s').get() as
    | { deviceId: string; lastSyncAt: number | null; revokedAt: number | null }
    | undefined;
  const pending = !!row && row.deviceId === marked && row.lastSyncAt === null && row.revokedAt === null;
  if (!pending && row && (row.deviceId !== marked || row.lastSyncAt !== null)) fs.rmSync(joiningFile(store), { force: true });
  return pending;
}
