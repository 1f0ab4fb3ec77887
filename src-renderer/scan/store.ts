// The scan screens' own state: which job the leader is looking at. Remembered on this PC, so the station and the
// board open straight on the job in hand instead of asking for the job list first.
import { create } from 'zustand';

const KEY = 'tomoni.scan.jobId';

interface ScanState {
  jobId: string | null;
  setJobId(jobId: string | null): void;
}

function remembered(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export const useScanStore = create<ScanState>((set) => ({
  jobId: remembered(),
  setJobId: (jobId) => {
    try {
      if (jobId) localStorage.setItem(KEY, jobId);
      else localStorage.removeItem(KEY);
    } catch {
      // Storage may be unavailable (private window); the choice then lasts for this session only.
    }
    set({ jobId });
  },
}));
