// Where the database key lives, and how well it is protected — stated, never assumed. The key is random; what
// protects it differs by host: Electron wraps it with the OS keychain (safeStorage) when a real one is there;
// without one, and always in `serve`, it sits in a 0600 file beside the data (or comes from TOMONI_DB_KEY).
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

/** Why the key is not protected by an OS keychain. */
export type WeakKeyReason = 'browser-mode' | 'no-keychain' | 'basic-text';

export type KeyProtection =
  /** Wrapped by the OS keychain (Keychain, DPAPI, libsecret/kwallet): copying the data folder is not enough. */
  | { mode: 'os-keychain'; keyFile: string }
  /** In a file beside the data: whoever can read the data folder can read the data. */
  | { mode: 'key-file'; reason: WeakKeyReason; keyFile: string }
  /** Given by the environment (TOMONI_DB_KEY): protected by whoever sets it. */
  | { mode: 'environment' }
  /** A database made before encryption existed. */
  | { mode: 'unencrypted' };

export interface DatabaseKeySource {
  /** The key for the database file, creating one for a new database; null for a legacy unencrypted file. */
  keyFor(databaseFile: string): Buffer | null;
  /** How the key is kept (after keyFor). */
  protection(): KeyProtection;
  /**
   * Re-keying, step 1: stores the next key beside the current one. The database is re-keyed, then `commitNext`
   * makes it the key. A crash between the two leaves both, and `pendingKey` lets the next start open either way.
   * False when the key cannot be replaced (it comes from the environment).
   */
  stageNext(key: Buffer): boolean;
  commitNext(): void;
  pendingKey(): Buffer | null;
}

export interface KeyFileOptions {
  /** Why there is no OS keychain protecting the key (required when `wrapper` is null). */
  weakReason?: WeakKeyReason;
}

export function keyFileSource(dataDir: string, wrapper: KeyWrapper | null, options: KeyFileOptions = {}): DatabaseKeySource {
  const keyFile = path.join(dataDir, wrapper ? 'tomoni.key.wrapped' : 'tomoni.key');
  const nextFile = `${keyFile}.next`;
  const weakReason: WeakKeyReason | null = options.weakReason ?? (wrapper ? null : 'browser-mode');
  let protection: KeyProtection = { mode: 'unencrypted' };
  const encode = (key: Buffer) => (wrapper ? wrapper.encrypt(key) : Buffer.from(key.toString('hex')));
  const decode = (stored: Buffer) => (wrapper ? wrapper.decrypt(stored) : Buffer.from(stored.toString('utf8').trim(), 'hex'));
  const fileProtection = (): KeyProtection => (weakReason ? { mode: 'key-file', reason: weakReason, keyFile } : { mode: 'os-keychain', keyFile });
  const writeKey = (file: string, key: Buffer) => {
    fs.mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, encode(key), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    keyFor(databaseFile) {
      const fromEnv = process.env.TOMONI_DB_KEY;
      if (fromEnv) {
        if (!/^[0-9a-f]{64}$/i.test(fromEnv)) throw new Error('TOMONI_DB_KEY must be 64 hex characters');
        protection = { mode: 'environment' };
        return Buffer.from(fromEnv, 'hex');
      }
      if (fs.existsSync(keyFile)) {
        protection = fileProtection();
        return decode(fs.readFileSync(keyFile));
      }
      if (fs.existsSync(databaseFile)) {
        // Made before encryption existed: keep it readable rather than lock people out; say so in the log.
        log.warn('database is not encrypted at rest', { databaseFile });
        protection = { mode: 'unencrypted' };
        return null;
      }
      const key = randomBytes(32);
      writeKey(keyFile, key);
      protection = fileProtection();
      return key;
    },
    protection: () => protection,
    stageNext(key) {
      if (protection.mode === 'environment' || protection.mode === 'unencrypted') return false;
      writeKey(nextFile, key);
      return true;
    },
    commitNext() {
      fs.renameSync(nextFile, keyFile);
    },
    pendingKey() {
      return fs.existsSync(nextFile) ? decode(fs.readFileSync(nextFile)) : null;
    },
  };
}
