// Keeps the device secret sealed at rest. The Electron build passes a vault backed by `safeStorage`
// (OS keychain / DPAPI) from src-main/electron — the only folder allowed to import electron — through
// `SyncAgentOptions.vault`. `serve` and tests have no keychain and use the plain vault.
export interface SecretVault {
  seal(secret: string): string;
  unseal(sealed: string): string;
}

export const plainVault: SecretVault = {
  seal: (secret) => `plain:${secret}`,
  unseal: (sealed) => (sealed.startsWith('plain:') ? sealed.slice(6) : sealed),
};

/** For src-main/electron: `safeStorageVault(safeStorage)` once `app.whenReady()` has resolved. */
export function safeStorageVault(safeStorage: { encryptString(s: string): Buffer; decryptString(b: Buffer): string; isEncryptionAvailable(): boolean }): SecretVault {
  if (!safeStorage.isEncryptionAvailable()) return plainVault;
  return {
    seal: (secret) => `safe:${safeStorage.encryptString(secret).toString('base64')}`,
    unseal: (sealed) => (sealed.startsWith('safe:') ? safeStorage.decryptString(Buffer.from(sealed.slice(5), 'base64')) : plainVault.unseal(sealed)),
  };
}
