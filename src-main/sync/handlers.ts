// Sync procedures: status and "sync now" for everyone, joining HQ, and HQ admin through this device.
import { randomUUID } from 'node:crypto';
import { recordKeyProtection } from '../store/at-rest';
import { eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import { createCodeResponse, headers as H, hqAuditResponse, listDevicesResponse, paths } from '../../src-shared/sync/protocol';
import { z } from 'zod';
import type { AppServices, HandlerContext } from '../api/context';
import type { FeatureHandlers } from '../api/handlers';
import { readDevice } from '../app/device';
import { signAdminCall } from '../auth/staff-keys';
import { SyncHttpError, type HqClient } from './hq-client';
import { attachToHq, enrollWithCode, type JoinDeps } from './join';
import { syncAgentOf } from './runtime';
import { syncRejections } from './schema';

function joinDeps(services: AppServices, hqUrl: string): JoinDeps {
  const agent = syncAgentOf(services);
  return {
    store: services.store,
    clock: services.clock,
    appVersion: services.appVersion,
    vault: agent.secretVault,
    transport: agent.transportTo(hqUrl),
    transportFor: (pin) => agent.transportTo(hqUrl, pin),
  };
}

/**
 * An admin call to HQ on the signed-in admin's behalf: the device credential says which device, the admin's
 * signature (made with the key their sign-in unwrapped) says who — HQ takes neither alone (decision 0072).
 */
async function asAdmin<T>(ctx: HandlerContext, path: string, body: unknown, call: (client: HqClient, headers: Record<string, string>) => Promise<T>): Promise<T> {
  const agent = syncAgentOf(ctx.services);
  const client = agent.authenticatedClient();
  if (!client) throw new AppError('not_setup', 'sync.errors.notEnrolled');
  const staffId = ctx.session?.staffId;
  const key = ctx.session?.signingKey;
  if (!staffId) throw new AppError('forbidden', 'errors.forbidden');
  if (!key) throw new AppError('forbidden', 'sync.errors.signInAgain');
  const device = readDevice(ctx.services.store);
  if (!device) throw new AppError('not_setup', 'errors.notSetup');
  const requestId = randomUUID();
  const time = ctx.services.clock.now() + (client.lastClockOffsetMs ?? 0);
  const proof = signAdminCall(key, { method: 'POST', path, time, deviceId: device.deviceId, staffId, requestId }, body);
  try {
    return await call(client, { [H.staff]: staffId, [H.staffTime]: String(time), [H.staffProof]: proof, [H.requestId]: requestId });
  } catch (err) {
    if (err instanceof SyncHttpError) {
      throw new AppError(err.code === 'not_found' ? 'not_found' : 'conflict', err.code === 'network' ? 'sync.errors.network' : 'sync.errors.refused', { code: err.code });
    }
    throw err;
  }
}

export const syncHandlers: FeatureHandlers<'sync.'> = {
  'sync.status': (_input, { services }) => syncAgentOf(services).status(),
  'sync.now': async (_input, { services }) => {
    const agent = syncAgentOf(services);
    await agent.runOnce();
    return agent.status();
  },
  'sync.dismissRecovery': (_input, { services }) => syncAgentOf(services).dismissRecovery(),
  'sync.dismissRejection': (input, { services }) => {
    services.store.db
      .update(syncRejections)
      .set({ dismissedAt: services.clock.now() })
      .where(eq(syncRejections.seq, input.seq))
      .run();
    return syncAgentOf(services).status();
  },
  'sync.join': async (input, { services }) => {
    await enrollWithCode(joinDeps(services, input.hqUrl), input.hqUrl, input.code);
    recordKeyProtection(services);
    // The first sync runs on: on a slow link it takes minutes and several attempts, and the setup screen shows its
    // progress (sync.joinProgress) instead of a button greyed out until it ends (decision 0098).
    syncAgentOf(services).start();
    return { ok: true as const };
  },
  'sync.joinProgress': (_input, { services }) => syncAgentOf(services).joinProgress(),
  'sync.attach': async (input, { services }) => {
    await attachToHq(joinDeps(services, input.hqUrl), input.hqUrl, input.code);
    const agent = syncAgentOf(services);
    agent.start();
    await agent.runOnce();
    return agent.status();
  },
  'sync.admin.createCode': (input, ctx) =>
    asAdmin(ctx, paths.adminCodes, input, async (client, headers) => (await client.post(paths.adminCodes, input, createCodeResponse, headers)).value),
  'sync.admin.devices': (_input, ctx) => asAdmin(ctx, paths.adminDevices, {}, async (client, headers) => (await client.post(paths.adminDevices, {}, listDevicesResponse, headers)).value),
  'sync.admin.audit': (_input, ctx) => asAdmin(ctx, paths.adminAudit, {}, async (client, headers) => (await client.post(paths.adminAudit, {}, hqAuditResponse, headers)).value),
  'sync.admin.revoke': (input, ctx) =>
    asAdmin(ctx, paths.adminRevoke, input, async (client, headers) => {
      await client.post(paths.adminRevoke, input, z.object({ ok: z.literal(true) }), headers);
      return { ok: true as const };
    }),
};
