// Builds the app's services over a data folder: store (migrated), command bus, sessions, event fan-out.
import path from 'node:path';
import type { ServerEventMessage } from '../../src-shared/api/events';
import type { AppServices } from '../api/context';
import { createSessionStore } from '../api/sessions';
import { auditAuth, deviceActor } from '../auth/audit';
import { readDeviceSettings } from '../system/device-settings';
import { createRouter, type Router } from '../api/router';
import { allHandlers } from '../api/all-handlers';
import { systemClock, type Clock } from '../store/clock';
import { createCommandBus } from '../store/command-bus';
import { openStore, type Store } from '../store/open';
import { AppError } from '../../src-shared/core/errors';
import { sealLegacySourceFiles } from '../entry/files';
import { recordKeyProtection } from '../store/at-rest';
import type { DatabaseKeySource } from '../store/database-key';
import { assertTablesMatch } from '../store/synced-tables';
import { createSyncRuntime, type SyncRuntimeOptions } from '../sync/runtime';
import type { SyncAgent } from '../sync/agent';

export interface App {
  services: AppServices;
  router: Router;
  /** For the Electron host: tell the agent when the machine wakes or the network returns. */
  syncAgent: SyncAgent;
  subscribe(listener: (message: ServerEventMessage) => void): () => void;
  close(): void;
}

export interface AppOptions {
  dataDir: string;
  clock?: Clock;
  appVersion?: string;
  migrationsFolder?: string;
  /** Encrypts the database at rest when given (serve and Electron always give one). */
  databaseKey?: DatabaseKeySource;
  /** Sync agent options (transport, vault); the agent stays off until the device is enrolled. */
  sync?: SyncRuntimeOptions;
}

export const DATABASE_FILE = 'tomoni.sqlite';

/**
 * Opens the store with its key. A crash in the middle of re-keying (revocation) can leave the database under the
 * staged next key: then that key opens it, and becomes the key.
 */
function openKeyedStore(file: string, migrationsFolder: string | undefined, keys: DatabaseKeySource | null): Store {
  try {
    return openStore(file, migrationsFolder, { key: keys?.keyFor(file) ?? null });
  } catch (err) {
    const next = keys?.pendingKey() ?? null;
    if (!next || !(err instanceof AppError) || err.payload.messageKey !== 'fatal.databaseLocked') throw err;
    const store = openStore(file, migrationsFolder, { key: next });
    keys!.commitNext();
    return store;
  }
}

export function createApp(options: AppOptions): App {
  assertTablesMatch();
  const clock = options.clock ?? systemClock;
  const file = path.join(options.dataDir, DATABASE_FILE);
  const store = openKeyedStore(file, options.migrationsFolder, options.databaseKey ?? null);
  const sessions = createSessionStore(clock, {
    idleLimitMs: () => readDeviceSettings(store).idleLockMinutes * 60_000,
    onIdleLock: (session) => {
      // Recorded by the device: the session is already locked, so its person no longer signs anything (decision 0072).
      try {
        auditAuth(services, deviceActor, 'auth.idleLocked', session.staffId ?? session.workerId, {});
      } catch {
        // Auditing must not turn an expired session into a failed call; the next call signs in again anyway.
      }
    },
  });
  // A staff command is signed with the key of that person's live session only: a locked session signs nothing.
  const bus = createCommandBus(store, clock, (staffId) => sessions.keyFor(staffId));
  const listeners = new Set<(message: ServerEventMessage) => void>();
  const emit = (message: ServerEventMessage) => {
    for (const listener of listeners) listener(message);
  };
  bus.onChange((tables) => emit({ name: 'data.changed', payload: { tables } }));
  const services: AppServices = {
    store,
    bus,
    clock,
    appVersion: options.appVersion ?? '0.1.0',
    emit,
    keys: options.databaseKey ?? null,
    sessions,
  };
  sealLegacySourceFiles(store);
  recordKeyProtection(services);
  const router = createRouter(services, allHandlers);
  const sync = createSyncRuntime(services, options.sync);
  return {
    services,
    router,
    syncAgent: sync.agent,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {
      sync.stop();
      store.close();
    },
  };
}
