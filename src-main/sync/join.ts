// Connecting this install to HQ: attach a standalone device's operator (bootstrap code) or join an operator as a
// new device (enrollment code). The credential is stored sealed in sync_state, never synced.
import { AppError } from '../../src-shared/core/errors';
import { formatHlc } from '../../src-shared/core/hlc';
import { newId } from '../../src-shared/core/ids';
import { type attachRequest, credentialResponse, paths, type CredentialResponse } from '../../src-shared/sync/protocol';
import type { z } from 'zod';
import { readDevice } from '../app/device';
import { hlcNodeOf } from '../app/setup';
import type { Clock } from '../store/clock';
import { deviceInfo } from '../store/local-schema';
import type { Store } from '../store/open';
import { HqClient, SyncHttpError } from './hq-client';
import { syncState } from './schema';
import type { SyncTransport } from './transport';
import type { SecretVault } from './vault';

export interface JoinDeps {
  store: Store;
  clock: Clock;
  appVersion: string;
  vault: SecretVault;
  transport: SyncTransport;
}

function toAppError(err: unknown): never {
  if (err instanceof SyncHttpError) {
    const key = err.code === 'network' ? 'sync.errors.network' : err.code === 'code_invalid' ? 'sync.errors.codeInvalid' : 'sync.errors.refused';
    throw new AppError(err.code === 'code_invalid' ? 'invalid_input' : 'conflict', key, { code: err.code });
  }
  throw err;
}

function saveCredential(deps: JoinDeps, hqUrl: string, cred: CredentialResponse): void {
  deps.store.db
    .insert(syncState)
    .values({ id: 'self', hqUrl, sealedSecret: deps.vault.seal(cred.secret), hqAppliedSeq: 0 })
    .onConflictDoUpdate({ target: syncState.id, set: { hqUrl, sealedSecret: deps.vault.seal(cred.secret), revokedAt: null, hqAppliedSeq: 0 } })
    .run();
}

/** The first device of an operator (set up standalone) brings its operator and its whole queue to HQ. */
export async function attachToHq(deps: JoinDeps, hqUrl: string, code: string): Promise<void> {
  const device = readDevice(deps.store);
  if (!device) throw new AppError('not_setup', 'errors.notSetup');
  const client = new HqClient(deps.transport, { appVersion: deps.appVersion, schemaVersion: deps.store.schemaVersion }, deps.clock);
  const body: z.input<typeof attachRequest> = {
    code,
    deviceId: device.deviceId,
    operatorId: device.operatorId,
    kind: device.kind,
    siteId: device.siteId,
    workerId: device.workerId,
  };
  const cred = await client.post(paths.attach, body, credentialResponse).catch(toAppError);
  deps.store.sqlite.transaction(() => saveCredential(deps, hqUrl, cred.value)).immediate();
}

/** A new install joins an operator: HQ decides its kind and scope; its data arrives with the first pull. */
export async function enrollWithCode(deps: JoinDeps, hqUrl: string, code: string): Promise<CredentialResponse> {
  if (readDevice(deps.store)) throw new AppError('already_setup', 'errors.alreadySetup');
  const deviceId = newId();
  const client = new HqClient(deps.transport, { appVersion: deps.appVersion, schemaVersion: deps.store.schemaVersion }, deps.clock);
  const cred = (await client.post(paths.enroll, { code, deviceId }, credentialResponse).catch(toAppError)).value;
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
      saveCredential(deps, hqUrl, cred);
    })
    .immediate();
  return cred;
}
