import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareHlc, formatHlc, parseHlc, receiveHlc, tickHlc, type HlcState } from '../../../src-shared/core/hlc';

describe('hybrid logical clock', () => {
  it('round-trips through its string form', () => {
    const state: HlcState = { wallMs: 1_795_000_000_000, counter: 42, node: 'abc123def456' };
    expect(parseHlc(formatHlc(state))).toEqual(state);
  });

  it('never goes backwards when the wall clock does', () => {
    let state: HlcState = { wallMs: 0, counter: 0, node: 'n1' };
    const seen: string[] = [];
    for (const now of [1000, 2000, 1500, 1500, 500, 3000]) {
      state = tickHlc(state, now);
      seen.push(formatHlc(state));
    }
    const sorted = [...seen].sort(compareHlc);
    expect(seen).toEqual(sorted);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('orders local events after any received timestamp (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 })), { minLength: 1, maxLength: 50 }),
        (steps) => {
          let local: HlcState = { wallMs: 0, counter: 0, node: 'a' };
          let last = formatHlc(local);
          for (const [isReceive, now, remoteWall] of steps) {
            const remote: HlcState = { wallMs: remoteWall, counter: 3, node: 'b' };
            local = isReceive ? receiveHlc(local, remote, now) : tickHlc(local, now);
            const next = formatHlc(local);
            expect(compareHlc(next, last)).toBeGreaterThan(0);
            if (isReceive) expect(compareHlc(next, formatHlc(remote))).toBeGreaterThan(0);
            last = next;
          }
        },
      ),
    );
  });
});
