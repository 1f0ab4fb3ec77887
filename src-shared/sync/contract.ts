// Procedures of the sync feature: status for everyone, "sync now", joining HQ, and HQ admin through this device.
import { z } from 'zod';
import { procedure } from '../api/define';
import type { DeviceSummary, HqAuditEntry } from './protocol';
import type { RecoveryReason } from './replica';

export interface SyncRejection {
  seq: number;
  name: string;
  reason: { code: string; messageKey: string; params?: Record<string, string | number> };
  at: number;
}

export interface SyncStatus {
  enrolled: boolean;
  hqUrl: string | null;
  state: 'off' | 'idle' | 'syncing' | 'error' | 'revoked';
  lastSyncAt: number | null;
  lastAttemptAt: number | null;
  lastErrorCode: string | null;
  nextAttemptAt: number | null;
  queued: number;
  progress: {
    phase: 'push' | 'pull';
    pushed: number;
    pulledRows: number;
    bucketsDone: number;
    bucketsTotal: number;
    /** Rows HQ holds in the buckets being pulled, and how many of them this device holds already (null: not known). */
    rowsExpected: number | null;
    rowsHeld: number | null;
    /** Seconds until rowsHeld reaches rowsExpected at the rate measured over the last minute (null: not yet known). */
    etaSeconds?: number | null;
  } | null;
  /**
   * Source files (decision 0120): how many this device still has to send and to receive, the one moving now, and
   * files HQ refused because the copy here is damaged.
   */
  files: {
    uploads: number;
    downloads: number;
    current: { direction: 'up' | 'down'; bytesDone: number; bytesTotal: number } | null;
    refused: number;
  };
  /** HQ time − device time in ms, measured at the last exchange. */
  clockOffsetMs: number | null;
  /** |offset| above 5 minutes: shown, flagged, never a reason to stop syncing (rule 7). */
  clockWarning: boolean;
  rejections: SyncRejection[];
  /**
   * The last time this device and HQ disagreed and how it recovered (replica.ts): shown until dismissed. `pending`:
   * the re-attach has started and not finished yet (e.g. HQ unreachable meanwhile).
   */
  recovery: { reason: RecoveryReason; at: number; pending: boolean; previousDeviceId: string | null } | null;
  /** A person must act: HQ does not know this device's credential (HQ restored from before it joined, or revoked). */
  reconnectNeeded: boolean;
}

/**
 * A new PC's first sync, as the setup screen shows it (anyone may read it: counts only, no rows). Between attempts
 * (a cut link) it keeps what the device holds and when it tries again (decision 0098).
 */
export interface JoinProgress {
  /** This PC joined HQ with a code and its first complete sync has not finished yet. */
  joining: boolean;
  state: SyncStatus['state'];
  /** Rows this PC holds of the buckets HQ sends it, and rows HQ holds in them (null: HQ has not said yet). */
  rowsHeld: number;
  rowsExpected: number | null;
  etaSeconds: number | null;
  lastErrorCode: string | null;
  nextAttemptAt: number | null;
}

/** Offsets above this are shown as a warning. */
export const CLOCK_WARNING_MS = 5 * 60_000;

const hqUrl = z.string().trim().url().max(300).regex(/^https?:\/\//, 'validation.url');
const code = z.string().trim().min(4).max(40);
const everyone = ['admin', 'backoffice', 'manager', 'director', 'leader', 'worker', 'kiosk'] as const;

export const syncContract = {
  'sync.status': procedure<SyncStatus>()({ input: z.object({}), access: everyone }),
  'sync.now': procedure<SyncStatus>()({ input: z.object({}), access: everyone }),
  'sync.dismissRecovery': procedure<SyncStatus>()({ input: z.object({}), access: ['admin', 'backoffice', 'manager', 'director', 'leader'] }),
  'sync.dismissRejection': procedure<SyncStatus>()({ input: z.object({ seq: z.number().int() }), access: ['admin', 'backoffice', 'manager', 'director', 'leader'] }),
  /** Progress of this PC's first sync after joining (the setup screen, before anyone can sign in). */
  'sync.joinProgress': procedure<JoinProgress>()({ input: z.object({}), access: 'public' }),
  /** First run, instead of creating an operator: join one through HQ with an enrollment code. */
  'sync.join': procedure<{ ok: true }>()({ input: z.object({ hqUrl, code }), access: 'public' }),
  /** A standalone device brings its operator to HQ with the bootstrap code HQ printed. */
  'sync.attach': procedure<SyncStatus>()({ input: z.object({ hqUrl, code }), access: ['admin'] }),
  'sync.admin.createCode': procedure<{ code: string; expiresAt: number }>()({
    input: z.object({ kind: z.enum(['center', 'loaned']), siteId: z.string().nullable(), workerId: z.string().nullable(), ttlMinutes: z.number().int().min(5).max(20160) }),
    access: ['admin'],
  }),
  'sync.admin.devices': procedure<{ devices: DeviceSummary[] }>()({ input: z.object({}), access: ['admin'] }),
  'sync.admin.revoke': procedure<{ ok: true }>()({ input: z.object({ deviceId: z.string().min(1).max(64) }), access: ['admin'] }),
  /** HQ's audit trail of this operator: codes issued, devices enrolled and revoked, the operator's attach. */
  'sync.admin.audit': procedure<{ entries: HqAuditEntry[] }>()({ input: z.object({}), access: ['admin'] }),
};
