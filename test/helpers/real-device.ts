// Real devices for crash tests: the encrypted store `serve` opens (key file beside the data), talking real HTTP to an
// HQ process. Setup goes through the same router and join calls a person's clicks reach.
import type { AppStatus } from '../../src-shared/app/contract';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { createApp, type App } from '../../src-main/app/services';
import { credentials, staff } from '../../src-main/people/schema';
import { unwrapStaffKey } from '../../src-main/auth/staff-keys';
import { verifyStaffPassword } from '../../src-main/auth/verify';
import { keyFileSource } from '../../src-main/store/database-key';
import { systemClock } from '../../src-main/store/clock';
import { attachToHq, enrollWithCode, type JoinDeps } from '../../src-main/sync/join';
import { HqClient } from '../../src-main/sync/hq-client';
import { httpTransport } from '../../src-main/sync/transport';
import { plainVault } from '../../src-main/sync/vault';
import type { CommandActor } from '../../src-shared/commands/define';
import { newId } from '../../src-shared/core/ids';
import { createCodeResponse, paths } from '../../src-shared/sync/protocol';
import type { SyncRuntimeOptions } from '../../src-main/sync/runtime';

export interface Operator {
  operatorId: string;
  siteId: string;
  admin: CommandActor;
  workers: string[];
}

const PASSWORD = 'crash-password-1';

/** The device store as `serve` opens it; the agent runs only when `sync.autoStart` is left on. */
export function openRealDevice(dataDir: string, sync: SyncRuntimeOptions = { autoStart: false }): App {
  return createApp({ dataDir, databaseKey: keyFileSource(dataDir, null), sync });
}

function joinDeps(app: App, hqUrl: string): JoinDeps {
  return { store: app.services.store, clock: systemClock, appVersion: '0.1.0', vault: plainVault, transport: httpTransport(hqUrl) };
}

/** Sets up a standalone center PC with `workers` workers and attaches its operator to HQ with the bootstrap code. */
export async function setUpFirstDevice(dataDir: string, hqUrl: string, bootstrapCode: string, workers = 3): Promise<Operator> {
  const app = openRealDevice(dataDir);
  try {
    const setup = await app.router.call(
      'setup.initialize',
      { operatorName: 'Crash Co', siteName: 'Site A', siteCode: 'A', deviceKind: 'center', admin: { loginId: 'admin', familyName: '管理', givenName: '太郎', password: PASSWORD } },
      null,
    );
    if (!setup.ok) throw new Error(JSON.stringify(setup.error));
    const row = app.services.store.db.select().from(staff).where(eq(staff.loginId, 'admin')).get()!;
    const admin: CommandActor = { role: 'admin', staffId: row.id, workerId: null };
    const siteId = (setup.value as AppStatus).device!.siteId!;
    // The admin signs in, so the setup commands carry their signature and HQ accepts them (decision 0072).
    const person = verifyStaffPassword(app.services, 'admin', PASSWORD);
    const cred = app.services.store.db.select().from(credentials).where(eq(credentials.id, person.id)).get();
    const signingKey = cred ? unwrapStaffKey(PASSWORD, cred) : null;
    if (!signingKey) throw new Error('no signing key for the admin');
    app.services.sessions.create({ role: person.role, staffId: person.id, workerId: null, displayName: 'admin', signingKey });
    const ids: string[] = [];
    for (let i = 1; i <= workers; i++) {
      const id = newId();
      ids.push(id);
      app.services.bus.execute(
        'people.upsertWorker',
        { id, code: `W${String(i).padStart(4, '0')}`, familyName: '作業', givenName: `${i}`, familyNameKana: 'サギョウ', givenNameKana: 'イチ', role: 'worker', homeSiteId: siteId, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true },
        admin,
      );
    }
    await attachToHq(joinDeps(app, hqUrl), hqUrl, bootstrapCode);
    return { operatorId: row.operatorId, siteId, admin, workers: ids };
  } finally {
    app.close();
  }
}

/** A new center PC of the operator's site joins with an enrollment code HQ staff made with the admin token. */
export async function enrollCenterDevice(dataDir: string, hqUrl: string, adminToken: string, siteId: string): Promise<void> {
  const staffClient = new HqClient(httpTransport(hqUrl), { appVersion: '0.1.0', schemaVersion: 1 }, systemClock);
  const { value } = await staffClient.post(paths.adminCodes, { kind: 'center', siteId, workerId: null, ttlMinutes: 60 }, createCodeResponse, { authorization: `Bearer ${adminToken}` });
  const app = openRealDevice(dataDir);
  try {
    await enrollWithCode(joinDeps(app, hqUrl), hqUrl, value.code);
  } finally {
    app.close();
  }
}

/** Runs sync cycles until the queue is empty and a cycle ends idle (HQ may still be starting). */
export async function drain(app: App, cycles = 60): Promise<void> {
  const agent = app.syncAgent;
  for (let i = 0; i < cycles; i++) {
    await agent.runOnce();
    const status = agent.status();
    if (status.queued === 0 && status.state === 'idle') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`queue did not drain: ${JSON.stringify(app.syncAgent.status())}`);
}

/** Every command the device holds, queued or acknowledged (its safety window), by seq. */
export function deviceCommands(app: App): { seq: number; id: string; name: string; args: string }[] {
  const { sqlite } = app.services.store;
  return sqlite
    .prepare('SELECT seq, id, name, args FROM sync_acked UNION ALL SELECT seq, id, name, args FROM outbox ORDER BY seq')
    .all() as { seq: number; id: string; name: string; args: string }[];
}

/** HQ's SQLite file read beside the running HQ (WAL readers never block it). */
export function readHqSqlite(hqDataDir: string): Database.Database {
  return new Database(path.join(hqDataDir, 'hq.sqlite'), { readonly: true, fileMustExist: true });
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
