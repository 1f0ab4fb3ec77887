// Personal data at rest is encrypted: the file holds no plaintext and does not open without its key.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createApp, DATABASE_FILE } from '../../../src-main/app/services';
import { loadDemo } from '../../../src-main/app/demo';
import { keyFileSource } from '../../../src-main/store/database-key';
import { openStore } from '../../../src-main/store/open';
import { type AppError } from '../../../src-shared/core/errors';
import { TestClock, tempDir } from '../../helpers/app';

describe('encryption at rest', () => {
  it('stores no readable personal data and refuses to open without the key', () => {
    const dataDir = tempDir();
    const app = createApp({ dataDir, clock: new TestClock(), databaseKey: keyFileSource(dataDir, null) });
    loadDemo(app.services, 'loaned');
    app.close();
    const file = path.join(dataDir, DATABASE_FILE);
    for (const f of [file, `${file}-wal`]) {
      if (!fs.existsSync(f)) continue;
      const bytes = fs.readFileSync(f);
      expect(bytes.includes(Buffer.from('佐藤'))).toBe(false);
      expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    }
    // Stock SQLite cannot read it, and neither can we without the key.
    const plain = new Database(file);
    expect(() => plain.prepare('SELECT * FROM workers').all()).toThrow();
    plain.close();
    let error: unknown;
    try {
      openStore(file);
    } catch (err) {
      error = err;
    }
    expect((error as AppError).payload.messageKey).toBe('fatal.databaseUnavailable');
    // A wrong key is told apart: the key, not the file, is the problem.
    error = undefined;
    try {
      openStore(file, undefined, { key: Buffer.alloc(32, 7) });
    } catch (err) {
      error = err;
    }
    expect((error as AppError).payload.messageKey).toBe('fatal.databaseLocked');
    // With the key from the key file it opens and the data is all there.
    const again = createApp({ dataDir, clock: new TestClock(), databaseKey: keyFileSource(dataDir, null) });
    expect(again.services.store.sqlite.prepare('SELECT COUNT(*) FROM workers').pluck().get()).toBe(38);
    again.close();
    expect(fs.statSync(path.join(dataDir, 'tomoni.key')).mode & 0o777).toBe(0o600);
  });

  it('uses the wrapper (the OS keychain in Electron) for the key file', () => {
    const dataDir = tempDir();
    const wrapper = {
      encrypt: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)),
      decrypt: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)),
    };
    const source = keyFileSource(dataDir, wrapper);
    const key = source.keyFor(path.join(dataDir, DATABASE_FILE))!;
    const stored = fs.readFileSync(path.join(dataDir, 'tomoni.key.wrapped'));
    expect(stored.equals(key)).toBe(false);
    expect(keyFileSource(dataDir, wrapper).keyFor(path.join(dataDir, DATABASE_FILE))!.equals(key)).toBe(true);
  });
});
