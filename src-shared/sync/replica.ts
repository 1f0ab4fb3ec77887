// The device–HQ replica contract (DESIGN.md rules 3, 3a, 9; decision 0067): what every push answer means to the
// device, how HQ decides between `duplicate` and `diverged`, and which recovery each disagreement gets. Both sides
// import these rules, so they cannot drift apart.
import type { PushResult } from './protocol';

// ---- Push answers ----

/**
 * What the device does with a command after HQ's answer:
 * - `acknowledged`: HQ holds it durably (applied, a duplicate of what it applied, held for a newer HQ, or rejected with
 *   a reason the device now shows). It leaves the queue and is retained for the safety window.
 * - `recover`: HQ holds a different command under this (device, seq). The device's numbering is no longer its own
 *   (it was restored from a backup): nothing of it may be deleted; the device re-attaches (see `RecoveryReason`).
 */
export type PushMeaning = 'acknowledged' | 'recover';

export function meaningOf(status: PushResult['status']): PushMeaning {
  return status === 'diverged' ? 'recover' : 'acknowledged';
}

/**
 * HQ, for a pushed command whose seq it already applied for this device: `duplicate` only when the command id it
 * stored for (device, seq) is the one sent. No id stored (applied before HQ kept them) or none sent (a device one
 * protocol version behind never sends it): the older rule, duplicate by (device, seq) alone.
 */
export function answerForKnownSeq(storedId: string | null | undefined, sentId: string | undefined): 'duplicate' | 'diverged' {
  if (!storedId || !sentId) return 'duplicate';
  return storedId === sentId ? 'duplicate' : 'diverged';
}

// ---- Safety window (rule 9) ----

/**
 * Acknowledged commands stay on the device this long or up to this many bytes, whichever is smaller, so an HQ
 * restored from last night's backup gets them back from the device automatically.
 */
export const RETENTION = { maxAgeMs: 30 * 86_400_000, maxBytes: 64 * 1024 * 1024 } as const;

// ---- Disagreements and their recovery ----

/**
 * Why a device re-attaches under a fresh identity (and re-sends everything it holds, deduplicated by command id):
 * - `diverged`: HQ answered `diverged` — this device's seqs were used by another copy of it (restored from backup).
 * - `device_restored`: HQ has applied seqs beyond the last this device ever issued: the same, seen before any push.
 * - `seq_gap`: HQ lacks commands before this device's queue and the device no longer retains them (HQ restored from
 *   a backup older than the safety window, or a gap that outlived every retry).
 */
export type ReattachReason = 'diverged' | 'device_restored' | 'seq_gap';
/** `hq_restored`: HQ forgot acknowledged commands the device still retains: it re-sends them, same identity. */
export type RecoveryReason = ReattachReason | 'hq_restored';

export type Recovery = { kind: 'none' } | { kind: 'resend'; fromSeq: number } | { kind: 'reattach'; reason: ReattachReason };

/** What the device knows about its own queue when HQ tells it its last applied seq. */
export interface LocalQueueFacts {
  /** Highest seq this device ever issued (outbox_seq). */
  lastIssued: number;
  /** Highest seq HQ acknowledged to this device (before this answer). */
  ackedSeq: number;
  /** Lowest seq still retained after acknowledgement (null: none retained). */
  oldestRetained: number | null;
  /** Lowest seq waiting in the queue (null: queue empty). */
  firstPending: number | null;
}

/** Consecutive `seq_gap` answers HQ is not behind on (pipelined batches overtaking each other) before re-attaching. */
export const LASTING_GAP_ATTEMPTS = 3;

/**
 * HQ said its last applied seq of this device is `hqLastSeq` (a pull, a push answer, or `seq_gap`'s expected seq − 1).
 * - beyond anything this device issued: this device was restored from a backup → re-attach;
 * - behind what HQ once acknowledged: HQ was restored → re-send from hqLastSeq + 1 if the device still retains it,
 *   else re-attach (HQ can never fill the hole under this identity);
 * - otherwise nothing to recover.
 */
export function recoveryFor(hqLastSeq: number, local: LocalQueueFacts): Recovery {
  if (hqLastSeq > local.lastIssued) return { kind: 'reattach', reason: 'device_restored' };
  const needFrom = hqLastSeq + 1;
  const behindAck = hqLastSeq < local.ackedSeq;
  const holeBeforeQueue = local.firstPending !== null && local.firstPending > needFrom;
  if (!behindAck && !holeBeforeQueue) return { kind: 'none' };
  const covered = local.oldestRetained !== null && local.oldestRetained <= needFrom;
  const pendingCovers = local.firstPending !== null && local.firstPending <= needFrom;
  if (covered) return { kind: 'resend', fromSeq: needFrom };
  if (pendingCovers && !behindAck) return { kind: 'none' };
  return { kind: 'reattach', reason: 'seq_gap' };
}
