// Keeps rows where the person last saw them: items already shown keep their place, new ones are appended at the end
// (and remembered as added), gone ones drop out. A list that re-sorts after a click moves another row under the
// pointer (issue 13 #1: QC sent back the wrong page).
import { useState } from 'react';

export function useStableOrder<T>(items: readonly T[], keyOf: (item: T) => string): { items: T[]; added: ReadonlySet<string> } {
  const [state, setState] = useState(() => ({ order: items.map(keyOf), added: new Set<string>() }));
  const byKey = new Map(items.map((i) => [keyOf(i), i]));
  const kept = state.order.filter((k) => byKey.has(k));
  const keptSet = new Set(kept);
  const fresh = items.map(keyOf).filter((k) => !keptSet.has(k));
  const order = [...kept, ...fresh];
  if (fresh.length > 0 || kept.length !== state.order.length) {
    // Adjusting state while rendering (React's documented pattern for state derived from changed props).
    setState({ order, added: new Set([...state.added, ...fresh]) });
  }
  return { items: order.map((k) => byKey.get(k)!), added: state.added.size || fresh.length ? new Set([...state.added, ...fresh]) : state.added };
}
