// First run: creates the operator, its first site, this device's identity and the first administrator.
import type { KeyObject } from 'node:crypto';
import { recordKeyProtection } from '../store/at-rest';
import { formatHlc } from '../../src-shared/core/hlc';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import type { SetupInput } from '../../src-shared/app/contract';
import type { CommandActor } from '../../src-shared/commands/define';
import type { AppServices } from '../api/context';
import { newStaffSecret } from '../auth/staff-keys';
import { deviceInfo } from '../store/local-schema';
import { readDevice } from './device';

export interface SetupResult {
  operatorId: string;
  siteId: string;
  adminId: string;
  /** The first admin's signing key, for a caller that acts in their name right away (the demo seeder). */
  adminKey: KeyObject;
}

/** HLC node id: the random tail of the device id, enough to be unique across an operator's devices. */
export function hlcNodeOf(deviceId: string): string {
  return deviceId.replace(/-/g, '').slice(-12);
}

export function initializeDevice(services: AppServices, input: Required<SetupInput>): SetupResult {
  const { store, bus, clock } = services;
  if (readDevice(store)) throw new AppError('already_setup', 'errors.alreadySetup');
  const operatorId = newId();
  const siteId = newId();
  const adminId = newId();
  const deviceId = newId();
  const admin: CommandActor = { role: 'admin', staffId: adminId, workerId: null };
  const secret = newStaffSecret(input.admin.password);
  // The first admin's key signs the set-up itself and nothing after it: to act later they sign in.
  services.sessions.holdKey(adminId, secret.privateKey);
  try {
    store.sqlite.transaction(() => {
      store.db
        .insert(deviceInfo)
        .values({
          id: 'self',
          deviceId,
          kind: input.deviceKind,
          operatorId,
          siteId: input.deviceKind === 'center' ? siteId : null,
          workerId: null,
          hlc: formatHlc({ wallMs: clock.now(), counter: 0, node: hlcNodeOf(deviceId) }),
          createdAt: clock.now(),
        })
        .run();
      bus.executeAll([
        { name: 'people.createOperator', input: { id: operatorId, name: input.operatorName }, actor: admin },
        {
          name: 'people.upsertSite',
          input: { id: siteId, code: input.siteCode, name: input.siteName, kind: 'center', active: true },
          actor: admin,
        },
        {
          name: 'people.upsertStaff',
          input: {
            id: adminId,
            loginId: input.admin.loginId,
            familyName: input.admin.familyName,
            givenName: input.admin.givenName,
            role: 'admin',
            // The one who sets the operator up signs in at every site (docs/decisions/0119).
            siteId: null,
            active: true,
          },
          actor: admin,
        },
        {
          name: 'people.setCredential',
          input: { id: adminId, subjectType: 'staff', kind: 'password', hash: secret.hash, publicKey: secret.publicKey, wrappedKey: secret.wrappedKey },
          actor: admin,
        },
        {
          name: 'audit.record',
          input: { id: newId(), action: 'setup.initialize', targetId: operatorId, details: { deviceKind: input.deviceKind } },
          actor: admin,
        },
      ]);
    }).immediate();
  } finally {
    services.sessions.releaseHeldKeys();
  }
  // A weaker key protection goes into the audit log from the first day, not from the next start.
  recordKeyProtection(services);
  return { operatorId, siteId, adminId, adminKey: secret.privateKey };
}
