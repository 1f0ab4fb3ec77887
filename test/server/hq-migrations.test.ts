// HQ migrations on SQLite and PostgreSQL: a database made by the previous schema (version 1, as every HQ released so
// far created it, with data in it) is upgraded at start in one transaction and keeps working; a database from a
// newer HQ is refused with a clear message; SQLite acknowledges only fsynced commits (synchronous = FULL).
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { paths, pushResponse } from '../../src-shared/sync/protocol';
import { createHq, type Hq } from '../../src-server/hq';
import { HQ_SCHEMA_VERSION, HqSchemaTooNew, migrateHq, migrations } from '../../src-server/store/schema';
import { openPostgres, openSqlite, type SqlDb } from '../../src-server/store/sql';
import { TestClock, tempDir } from '../helpers/app';
import { quietLog } from '../sim/harness';
import { attachOperatorWithAdmin, clientFor, command, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];

/** A database exactly as an HQ of schema version 1 left it. */
async function versionOne(db: SqlDb): Promise<void> {
  for (const statement of migrations.find((m) => m.version === 1)!.statements) await db.exec(statement);
  await db.run(`INSERT INTO hq_settings (key, value) VALUES ('schema_version', '1')`);
}

async function freshTarget(dialect: Dialect): Promise<{ open(): SqlDb; hqOptions: { dataDir?: string; databaseUrl?: string }; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = tempDir('tomoni-hq-mig-');
    return { open: () => openSqlite(path.join(dir, 'hq.sqlite')), hqOptions: { dataDir: dir }, drop: async () => undefined };
  }
  const base = process.env.TOMONI_TEST_PG_URL!;
  const name = `mig_${newId().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  return {
    open: () => openPostgres(url, 2),
    hqOptions: { databaseUrl: url },
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

for (const dialect of dialects) {
  describe(`HQ migrations on ${dialect}`, () => {
    const clock = new TestClock();
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const f of cleanup.splice(0).reverse()) await f();
    });

    it('upgrades a version-1 database with its data, and the upgraded HQ keeps every device working', async () => {
      const target = await freshTarget(dialect);
      cleanup.push(target.drop);
      // Version 1 with an operator, a device and applied commands, made by the old schema.
      const old = target.open();
      await versionOne(old);
      await old.close();
      let hq: Hq = await createHq({ ...target.hqOptions, now: () => clock.now(), log: quietLog });
      const { deviceId, secret, admin } = await attachOperatorWithAdmin(hq, clock);
      await hq.close();
      // Pretend this HQ never ran migrations 2 and 3: back to exactly version 1 plus its data.
      const db = target.open();
      await db.exec('DROP TABLE applied_commands');
      for (const column of ['replaces', 'replaced_by', 'history_seq']) await db.exec(`ALTER TABLE devices DROP COLUMN ${column}`);
      await db.run(`UPDATE hq_settings SET value = '1' WHERE key = 'schema_version'`);
      expect(await migrateHq(db)).toEqual({ from: 1, to: HQ_SCHEMA_VERSION });
      expect((await db.all<{ value: string }>(`SELECT value FROM hq_settings WHERE key = 'schema_version'`))[0].value).toBe(String(HQ_SCHEMA_VERSION));
      // Applied twice is applied once.
      expect(await migrateHq(db)).toEqual({ from: HQ_SCHEMA_VERSION, to: HQ_SCHEMA_VERSION });
      await db.close();

      hq = await createHq({ ...target.hqOptions, now: () => clock.now(), log: quietLog });
      cleanup.push(() => hq.close());
      const devices = await hq.db.all<{ device_id: string; last_seq: number; replaces: string | null; history_seq: number | null }>('SELECT device_id, last_seq, replaces, history_seq FROM devices');
      expect(devices.map((d) => [d.device_id, Number(d.last_seq), d.replaces, d.history_seq])).toEqual([[deviceId, 2, null, null]]);
      const res = await clientFor(hq, clock, { deviceId, secret }).post(
        paths.push,
        { commands: [command(3, 'audit.record', { id: newId(), action: 'after-upgrade', targetId: null, details: {} }, admin, clock)] },
        pushResponse,
      );
      expect(res.value.results).toEqual([{ seq: 3, status: 'applied' }]);
    });

    it('refuses a database written by a newer HQ, changing nothing', async () => {
      const target = await freshTarget(dialect);
      cleanup.push(target.drop);
      const db = target.open();
      await versionOne(db);
      await db.run(`UPDATE hq_settings SET value = ? WHERE key = 'schema_version'`, [String(HQ_SCHEMA_VERSION + 1)]);
      const err = await migrateHq(db).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(HqSchemaTooNew);
      expect((err as Error).message).toContain(`schema version ${HQ_SCHEMA_VERSION + 1}, newer than this HQ knows (${HQ_SCHEMA_VERSION})`);
      const tables =
        dialect === 'sqlite'
          ? await db.all(`SELECT name FROM sqlite_master WHERE name = 'applied_commands'`)
          : await db.all(`SELECT table_name FROM information_schema.tables WHERE table_name = 'applied_commands'`);
      expect(tables).toHaveLength(0);
      await db.close();
    });
  });
}

describe('HQ durability', () => {
  it('SQLite runs with synchronous = FULL, PostgreSQL sessions with synchronous_commit = on', async () => {
    const db = openSqlite(path.join(tempDir('tomoni-hq-sync-'), 'hq.sqlite'));
    expect(await db.all('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    await db.close();
    // The test cluster itself runs with synchronous_commit = off: HQ's sessions must override it.
    const pgDb = openPostgres(process.env.TOMONI_TEST_PG_URL!, 1);
    expect(await pgDb.all('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
    await pgDb.close();
  });
});
