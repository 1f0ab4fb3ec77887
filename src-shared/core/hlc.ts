// Hybrid logical clock: orders events across devices whose wall clocks lie (DESIGN.md rule 7).
// Encoded as a fixed-width string so that string order equals causal order in SQL and in JS.

export interface HlcState {
  /** Highest physical time component seen, in ms since epoch. */
  wallMs: number;
  counter: number;
  node: string;
}

const WALL_WIDTH = 13;
const COUNTER_WIDTH = 5;
export const MAX_COUNTER = 0xfffff;

export function formatHlc(state: HlcState): string {
  return (
    String(state.wallMs).padStart(WALL_WIDTH, '0') +
    '-' +
    state.counter.toString(16).padStart(COUNTER_WIDTH, '0') +
    '-' +
    state.node
  );
}

export function parseHlc(text: string): HlcState {
  const match = /^(\d{13})-([0-9a-f]{5})-(.+)$/.exec(text);
  if (!match) throw new Error(`Invalid HLC: ${text}`);
  return { wallMs: Number(match[1]), counter: parseInt(match[2], 16), node: match[3] };
}

/** Next timestamp for a local event. Never goes backwards, even when the wall clock does. */
export function tickHlc(state: HlcState, nowMs: number): HlcState {
  if (nowMs > state.wallMs) return { wallMs: nowMs, counter: 0, node: state.node };
  return bumpCounter({ ...state });
}

/** Merge a timestamp received from elsewhere so that later local events sort after it. */
export function receiveHlc(state: HlcState, remote: HlcState, nowMs: number): HlcState {
  const wallMs = Math.max(state.wallMs, remote.wallMs, nowMs);
  if (wallMs === state.wallMs && wallMs === remote.wallMs) {
    return bumpCounter({ wallMs, counter: Math.max(state.counter, remote.counter), node: state.node });
  }
  if (wallMs === state.wallMs) return bumpCounter({ wallMs, counter: state.counter, node: state.node });
  if (wallMs === remote.wallMs) return bumpCounter({ wallMs, counter: remote.counter, node: state.node });
  return { wallMs, counter: 0, node: state.node };
}

function bumpCounter(state: HlcState): HlcState {
  if (state.counter >= MAX_COUNTER) {
    // Overflow: borrow a millisecond rather than break ordering.
    return { wallMs: state.wallMs + 1, counter: 0, node: state.node };
  }
  return { ...state, counter: state.counter + 1 };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hlcWallMs(text: string): number {
  return Number(text.slice(0, WALL_WIDTH));
}
