// App status and first-run setup procedures.
import { eq } from 'drizzle-orm';
import type { AppStatus } from '../../src-shared/app/contract';
import type { FeatureHandlers } from '../api/handlers';
import type { AppServices } from '../api/context';
import { operators, sites } from '../people/schema';
import { clockWarning } from './clock-check';
import { loadDemo } from './demo';
import { demoSignIns } from './demo/mark';
import { readDevice } from './device';
import { initializeDevice } from './setup';
import { readDeviceSettings } from '../system/device-settings';
import { firstSyncPending } from '../sync/join';

export function appStatus(services: AppServices): AppStatus {
  const { store, clock, appVersion } = services;
  const device = readDevice(store);
  const now = clock.now();
  if (!device || firstSyncPending(store)) {
    return { setupDone: false, ...(device ? { joining: true } : {}), appVersion, schemaVersion: store.schemaVersion, device: null, clockWarning: clockWarning(now, null), now, idleLockMinutes: readDeviceSettings(store).idleLockMinutes };
  }
  const operator = store.db.select().from(operators).where(eq(operators.id, device.operatorId)).get();
  const site = device.siteId ? store.db.select().from(sites).where(eq(sites.id, device.siteId)).get() : undefined;
  return {
    setupDone: true,
    appVersion,
    schemaVersion: store.schemaVersion,
    device: {
      deviceId: device.deviceId,
      kind: device.kind,
      operatorId: device.operatorId,
      operatorName: operator?.name ?? '',
      siteId: device.siteId,
      siteName: site?.name ?? null,
      workerId: device.workerId,
    },
    clockWarning: clockWarning(now, device.hlc),
    now,
    idleLockMinutes: readDeviceSettings(store).idleLockMinutes,
    demo: demoSignIns(store),
  };
}

export const appHandlers: FeatureHandlers<'app.' | 'setup.'> = {
  'app.status': (_input, { services }) => appStatus(services),
  'setup.initialize': (input, { services }) => {
    initializeDevice(services, input);
    return appStatus(services);
  },
  'setup.loadDemo': (_input, { services }) => {
    loadDemo(services);
    return appStatus(services);
  },
};
