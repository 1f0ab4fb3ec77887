// Where the database key lives. The key is random; what protects it differs by host:
// Electron wraps it with the OS keychain (safeStorage); `serve` keeps it in a 0600 file or TOMONI_DB_KEY.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../logging/logger';

const log = createLogger('database-key');

/** Encrypts/decrypts the key file's content, e.g. Electron's safeStorage. Null = stored as is (0600). */
export interface KeyWrapper {
  encrypt(plain: Buffer): Buffer;
  decrypt(wrapped: Buffer): Buffer;
}

export interface DatabaseKeySource {
  /** The key for the database file, creating one for a new database; null for a legacy unencrypted file. */
  keyFor(databaseFile: string): Buffer | null;
}

export function keyFileSource(dataDir: string, wrapper: KeyWrapper | null): DatabaseKeySource {
  const keyFile = path.join(dataDir, wrapper ? 'tomoni.key.wrapped' : 'tomoni.key');
  return {
    keyFor(databaseFile) {
      const fromEnv = process.env.TOMONI_DB_KEY;
      if (fromEnv) {
        if (!/^[0-9a-f]{64}$/i.test(fromEnv)) throw new Error('TOMONI_DB_KEY must be 64 hex characters');
        return Buffer.from(fromEnv, 'hex');
      }
      if (fs.existsSync(keyFile)) {
        const stored = fs.readFileSync(keyFile);
        return wrapper ? wrapper.decrypt(stored) : Buffer.from(stored.toString('utf8').trim(), 'hex');
      }
      if (fs.existsSync(databaseFile)) {
        // Made before encryption existed: keep it readable rather than lock people out; say so in the log.
        log.warn('database is not encrypted at rest', { databaseFile });
        return null;
      }
      const key = randomBytes(32);
      fs.mkdirSync(dataDir, { recursive: true });
      const content = wrapper ? wrapper.encrypt(key) : Buffer.from(key.toString('hex'));
      fs.writeFileSync(keyFile, content, { mode: 0o600 });
      return key;
    },
  };
}
