// Whether Electron's safeStorage really is an OS keychain. On Linux without a secret service, Chromium falls back to
// "basic_text": it still encrypts, but with a fixed password compiled into every copy — no better than a plain key
// file, so it must not be reported (or trusted) as a keychain.
import type { WeakKeyReason } from './database-key';

/** The part of Electron's `safeStorage` this needs (passed in: only src-main/electron imports electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface KeychainStatus {
  /** Whether to wrap the key with safeStorage at all (a basic_text wrap still keeps an existing wrapped file readable). */
  wrap: boolean;
  /** Null when a real OS keychain protects the key. */
  weakReason: WeakKeyReason | null;
}

export function keychainStatus(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeychainStatus {
  if (!safeStorage.isEncryptionAvailable()) return { wrap: false, weakReason: 'no-keychain' };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return { wrap: true, weakReason: 'basic-text' };
  }
  return { wrap: true, weakReason: null };
}
