// Attack suite, data at rest (issue 10, reproduction 7): source images sat in the clear beside an encrypted
// database; revocation left backups, source files and the key behind; a missing OS keychain went unsaid.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src-main/app/services';
import { initializeDevice } from '../../../src-main/app/setup';
import { readSourceFile, sha256Of, sourcePath, storeSourceFile } from '../../../src-main/entry/files';
import { wipeAtRest } from '../../../src-main/store/at-rest';
import { backupNow } from '../../../src-main/store/backup';
import { keyFileSource } from '../../../src-main/store/database-key';
import { keychainStatus } from '../../../src-main/store/keychain';
import { openSqlite } from '../../../src-main/store/open';
import { queuedCount } from '../../../src-main/store/command-bus';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';
import { TestClock, tempDir } from '../../helpers/app';

const MARKER = Buffer.from('%PDF-1.7 CONFIDENTIAL 住民票 山田太郎 ');

function keyedApp(dataDir = tempDir(), weakReason?: 'no-keychain' | 'basic-text') {
  const clock = new TestClock();
  return createApp({ dataDir, clock, databaseKey: keyFileSource(dataDir, null, weakReason ? { weakReason } : {}) });
}

function setUp(app: ReturnType<typeof keyedApp>) {
  initializeDevice(app.services, {
    operatorName: 'テスト',
    siteName: '塩尻',
    siteCode: 'S1',
    deviceKind: 'loaned',
    admin: { loginId: 'admin', familyName: '上條', givenName: '彩', password: DEMO_PASSWORD },
  });
}

function bigSource(bytes: number): Buffer {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += MARKER.length) MARKER.copy(data, i);
  return data;
}

describe('source files are encrypted like the store', () => {
  it('stores nothing readable, reads back exactly, streams large files and detects tampering', () => {
    const app = keyedApp();
    const store = app.services.store;
    for (const size of [0, 10, 64 * 1024, 64 * 1024 + 1, 3 * 1024 * 1024 + 7]) {
      const data = bigSource(size);
      const sha256 = sha256Of(data);
      storeSourceFile(store, { sha256, data });
      const onDisk = fs.readFileSync(sourcePath(store, sha256));
      if (size > 0) expect(onDisk.includes(MARKER.subarray(0, 20))).toBe(false);
      expect(onDisk.subarray(0, 5).toString('latin1')).toBe('TMNF1');
      expect(readSourceFile(store, sha256).equals(data)).toBe(true);
    }
    const data = bigSource(200 * 1024);
    const sha256 = sha256Of(data);
    storeSourceFile(store, { sha256, data });
    const file = sourcePath(store, sha256);
    const sealed = fs.readFileSync(file);
    const flipped = Buffer.from(sealed);
    flipped[100] = flipped[100]! ^ 1;
    fs.writeFileSync(file, flipped);
    expect(() => readSourceFile(store, sha256)).toThrow();
    // Cut at a chunk boundary: the last chunk left was not sealed as the last one.
    fs.writeFileSync(file, sealed.subarray(0, 14 + 2 * (64 * 1024 + 16)));
    expect(() => readSourceFile(store, sha256)).toThrow();
    app.close();
  });

  it('seals source files stored in the clear by an earlier version when the app starts', () => {
    const dataDir = tempDir();
    keyedApp(dataDir).close();
    const data = bigSource(100 * 1024);
    const sha256 = sha256Of(data);
    const legacy = path.join(dataDir, 'entry-sources', sha256.slice(0, 2), sha256);
    fs.mkdirSync(path.dirname(legacy), { recursive: true });
    fs.writeFileSync(legacy, data);
    const app = keyedApp(dataDir);
    expect(fs.readFileSync(legacy).includes(MARKER.subarray(0, 20))).toBe(false);
    expect(readSourceFile(app.services.store, sha256).equals(data)).toBe(true);
    app.close();
  });
});

describe('revocation wipes everything at rest', () => {
  it('removes backups and source files, drops the old key, keeps the unsynced queue readable', () => {
    const dataDir = tempDir();
    const app = keyedApp(dataDir);
    setUp(app);
    const store = app.services.store;
    const data = bigSource(10 * 1024);
    storeSourceFile(store, { sha256: sha256Of(data), data });
    backupNow(store, path.join(dataDir, 'backups'), app.services.clock);
    const oldKey = fs.readFileSync(path.join(dataDir, 'tomoni.key'), 'utf8');
    const oldBackup = fs.readdirSync(path.join(dataDir, 'backups'))[0]!;
    fs.copyFileSync(path.join(dataDir, 'backups', oldBackup), path.join(dataDir, '..', `${path.basename(dataDir)}-stolen.sqlite`));
    const queued = queuedCount(store);
    expect(queued).toBeGreaterThan(0);

    const report = wipeAtRest(app.services);
    expect(report).toMatchObject({ backupsRemoved: 1, sourcesRemoved: true, rekeyed: true });
    expect(fs.existsSync(path.join(dataDir, 'backups'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'entry-sources'))).toBe(false);
    const newKey = fs.readFileSync(path.join(dataDir, 'tomoni.key'), 'utf8');
    expect(newKey).not.toBe(oldKey);
    expect(fs.existsSync(path.join(dataDir, 'tomoni.key.next'))).toBe(false);
    app.close();

    // The old key no longer opens the database; what the device holds now cannot open a copy made before.
    expect(() => openSqlite(path.join(dataDir, 'tomoni.sqlite'), { key: Buffer.from(oldKey, 'hex') })).toThrow();
    expect(() => openSqlite(path.join(dataDir, '..', `${path.basename(dataDir)}-stolen.sqlite`), { key: Buffer.from(newKey, 'hex') })).toThrow();
    // The unsynced queue is still there under the new key (DESIGN.md rule 9).
    const again = keyedApp(dataDir);
    expect(queuedCount(again.services.store)).toBeGreaterThanOrEqual(queued);
    again.close();
  });

  it('a crash between re-keying the database and replacing the key file still opens, with the new key', () => {
    const dataDir = tempDir();
    const app = keyedApp(dataDir);
    setUp(app);
    const keys = app.services.keys!;
    const next = Buffer.alloc(32, 7);
    keys.stageNext(next);
    const sqlite = app.services.store.sqlite;
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma(`hexrekey='${next.toString('hex')}'`);
    app.close();
    // (crash: tomoni.key still holds the old key, tomoni.key.next the new one)
    const again = keyedApp(dataDir);
    expect(fs.readFileSync(path.join(dataDir, 'tomoni.key'), 'utf8')).toBe(next.toString('hex'));
    expect(fs.existsSync(path.join(dataDir, 'tomoni.key.next'))).toBe(false);
    again.close();
  });
});

describe('no silent plaintext key', () => {
  it('tells a real OS keychain from none and from Linux basic_text', () => {
    expect(keychainStatus({ isEncryptionAvailable: () => false }, 'win32')).toEqual({ wrap: false, weakReason: 'no-keychain' });
    expect(keychainStatus({ isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text' }, 'linux')).toEqual({ wrap: true, weakReason: 'basic-text' });
    expect(keychainStatus({ isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret' }, 'linux')).toEqual({ wrap: true, weakReason: null });
    expect(keychainStatus({ isEncryptionAvailable: () => true }, 'darwin')).toEqual({ wrap: true, weakReason: null });
  });

  it('reports the weaker mode on the system screen and records it in the audit log once', async () => {
    const dataDir = tempDir();
    const app = keyedApp(dataDir, 'no-keychain');
    setUp(app);
    app.close();
    const again = keyedApp(dataDir, 'no-keychain');
    const login = await again.router.call('auth.login', { loginId: 'admin', password: DEMO_PASSWORD }, null);
    const token = login.ok ? (login.value as { token: string }).token : null;
    const report = await again.router.call('system.device', {}, token);
    expect(report).toMatchObject({ ok: true, value: { keyProtection: { mode: 'key-file', reason: 'no-keychain', keyFile: path.join(dataDir, 'tomoni.key') } } });
    again.close();
    const third = keyedApp(dataDir, 'no-keychain');
    const rows = third.services.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'system.keyProtection'").all() as { details: string }[];
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([{ mode: 'key-file', reason: 'no-keychain' }]);
    third.close();
  });

  it('browser mode says where its key is', async () => {
    const dataDir = tempDir();
    const app = keyedApp(dataDir);
    setUp(app);
    const login = await app.router.call('auth.login', { loginId: 'admin', password: DEMO_PASSWORD }, null);
    const token = login.ok ? (login.value as { token: string }).token : null;
    expect(await app.router.call('system.device', {}, token)).toMatchObject({ ok: true, value: { keyProtection: { mode: 'key-file', reason: 'browser-mode' } } });
    app.close();
  });
});
