// Administration of this install: the audit log and what the device knows about itself.
import { z } from 'zod';
import { procedure } from '../api/define';
import { staffRoles } from '../core/roles';
import type { FileOut } from '../entry/contract';
import type { AuditRow } from '../people/rows';

export type AuditView = Omit<AuditRow, 'hlc' | 'operatorId'> & { actorName: string | null };

export interface DeviceReport {
  deviceId: string;
  kind: 'center' | 'loaned';
  schemaVersion: number;
  appVersion: string;
  encryptedAtRest: boolean;
  queuedCommands: number;
  backups: { file: string; bytes: number }[];
}

export const systemContract = {
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
