// Administration of this install: the audit log and what the device knows about itself.
import { z } from 'zod';
import { procedure } from '../api/define';
import { staffRoles } from '../core/roles';
import type { FileOut } from '../entry/contract';
import type { AuditRow } from '../people/rows';

/** An audit row for the screen: with the names of who acted and whom it was about (the log keeps ids). */
export type AuditView = Omit<AuditRow, 'hlc' | 'operatorId'> & { actorName: string | null; targetName: string | null };

export interface DeviceReport {
  deviceId: string;
  kind: 'center' | 'loaned';
  schemaVersion: number;
  appVersion: string;
  encryptedAtRest: boolean;
  /**
   * How the key is kept: `os-keychain`, `key-file` (beside the data: browser mode, or no usable OS keychain),
   * `environment` (TOMONI_DB_KEY) or `unencrypted` (a database from before encryption).
   */
  keyProtection: { mode: 'os-keychain' | 'key-file' | 'environment' | 'unencrypted'; reason: 'browser-mode' | 'no-keychain' | 'basic-text' | null; keyFile: string | null };
  queuedCommands: number;
  backups: { file: string; bytes: number }[];
}

/** Settings of this PC alone (not synced). */
export interface DeviceSettingsView {
  /** Signed-in sessions lock after this long without use and the PC returns to the kiosk or sign-in screen. */
  idleLockMinutes: number;
}

/** A person locked out after too many wrong PINs or passwords, until `lockedUntil`. */
export interface LockoutView {
  subjectType: 'worker' | 'staff';
  /** Worker or staff id when known; null for a login id or code that matches nobody. */
  id: string | null;
  label: string;
  name: string | null;
  lockedUntil: number;
}

export const systemContract = {
  'system.settings': procedure<DeviceSettingsView>()({ input: z.object({}), access: ['admin'] }),
  'system.saveSettings': procedure<DeviceSettingsView>()({
    input: z.object({ idleLockMinutes: z.number().int().min(1).max(120) }),
    access: ['admin'],
  }),
  'system.lockouts': procedure<LockoutView[]>()({ input: z.object({}), access: ['admin', 'manager'] }),
  'system.unlock': procedure<{ done: true }>()({
    input: z.object({ subjectType: z.enum(['worker', 'staff']), key: z.string().min(1).max(80) }),
    access: ['admin', 'manager'],
  }),
  'system.auditLog': procedure<{ rows: AuditView[]; total: number }>()({
    input: z.object({
      action: z.string().max(60).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    access: ['admin'],
  }),
  'system.device': procedure<DeviceReport>()({ input: z.object({}), access: ['admin'] }),
  /** 「ログを保存」: the newest lines of this device's log file, for whoever diagnoses it. */
  'system.saveLogs': procedure<FileOut>()({ input: z.object({}), access: staffRoles }),
};
