// The replica contract's rules (src-shared/sync/replica.ts), the same on the device and at HQ.
import { describe, expect, it } from 'vitest';
import { answerForKnownSeq, meaningOf, recoveryFor, RETENTION } from '../../../src-shared/sync/replica';

describe('replica contract', () => {
  it('a known seq is a duplicate only with the same command id', () => {
    expect(answerForKnownSeq('a', 'a')).toBe('duplicate');
    expect(answerForKnownSeq('a', 'b')).toBe('diverged');
    // No id stored (before HQ kept them) or none sent (a device a version behind): the older rule.
    expect(answerForKnownSeq(null, 'b')).toBe('duplicate');
    expect(answerForKnownSeq('a', undefined)).toBe('duplicate');
  });

  it('every answer but diverged acknowledges; diverged means recover', () => {
    expect((['applied', 'duplicate', 'held', 'rejected'] as const).map(meaningOf)).toEqual(['acknowledged', 'acknowledged', 'acknowledged', 'acknowledged']);
    expect(meaningOf('diverged')).toBe('recover');
  });

  it('chooses the recovery from what HQ says and what the device holds', () => {
    const base = { lastIssued: 120, ackedSeq: 110, oldestRetained: 50, firstPending: 111 };
    expect(recoveryFor(110, base)).toEqual({ kind: 'none' });
    // This device was restored: HQ applied seqs it never issued.
    expect(recoveryFor(130, base)).toEqual({ kind: 'reattach', reason: 'device_restored' });
    // HQ restored from a backup: re-send from its next seq, the window covers it.
    expect(recoveryFor(90, base)).toEqual({ kind: 'resend', fromSeq: 91 });
    // HQ restored from before the window: nothing can fill the hole under this identity.
    expect(recoveryFor(10, base)).toEqual({ kind: 'reattach', reason: 'seq_gap' });
    expect(recoveryFor(90, { ...base, oldestRetained: null })).toEqual({ kind: 'reattach', reason: 'seq_gap' });
    // A queue that starts after a hole HQ never acknowledged and nothing retained covers it.
    expect(recoveryFor(100, { lastIssued: 120, ackedSeq: 100, oldestRetained: null, firstPending: 105 })).toEqual({ kind: 'reattach', reason: 'seq_gap' });
    // HQ is exactly where the queue begins.
    expect(recoveryFor(100, { lastIssued: 120, ackedSeq: 100, oldestRetained: null, firstPending: 101 })).toEqual({ kind: 'none' });
  });

  it('keeps acknowledged commands 30 days or 64 MB, whichever is smaller', () => {
    expect(RETENTION).toEqual({ maxAgeMs: 30 * 86_400_000, maxBytes: 64 * 1024 * 1024 });
  });
});
