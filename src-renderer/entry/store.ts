// Which batch/unit the entry screens are looking at (routes carry no parameters, so the feature keeps them here).
import { create } from 'zustand';

interface EntryNavState {
  batchId: string | null;
  unitId: string | null;
  slot: 1 | 2 | null;
  setBatch(batchId: string | null): void;
  openUnit(unitId: string, slot: 1 | 2 | null): void;
}

const KEY = 'tomoni.entry.nav';

function load(): Pick<EntryNavState, 'batchId' | 'unitId' | 'slot'> {
  try {
    return { batchId: null, unitId: null, slot: null, ...(JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as object) };
  } catch {
    return { batchId: null, unitId: null, slot: null };
  }
}

// Kept in sessionStorage so a reload of the entry screen comes back to the same unit (and its drafts).
export const useEntryNav = create<EntryNavState>((set, get) => ({
  ...load(),
  setBatch(batchId) {
    set({ batchId });
    sessionStorage.setItem(KEY, JSON.stringify({ ...get(), batchId }));
  },
  openUnit(unitId, slot) {
    set({ unitId, slot });
    sessionStorage.setItem(KEY, JSON.stringify({ batchId: get().batchId, unitId, slot }));
  },
}));
