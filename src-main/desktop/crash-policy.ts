// What to do when the renderer process dies: reload calmly, but not in a loop that hides a real fault.
export type CrashAction = 'ignore' | 'reload' | 'give-up';

/** Crashes within this window count together; a kiosk that crashes now and then keeps recovering. */
const WINDOW_MS = 10 * 60 * 1000;
const MAX_RELOADS = 3;

export function createCrashPolicy(now: () => number = Date.now) {
  let recent: number[] = [];
  return {
    /** `reason` is Electron's render-process-gone reason; a clean exit is not a crash. */
    onRendererGone(reason: string): CrashAction {
      if (reason === 'clean-exit') return 'ignore';
      const t = now();
      recent = [...recent.filter((at) => t - at < WINDOW_MS), t];
      return recent.length > MAX_RELOADS ? 'give-up' : 'reload';
    },
  };
}

/** The page the renderer reloads to: it shows a calm notice instead of the crash. */
export function recoveredEntry(entry: string): string {
  return `${entry}${entry.includes('?') ? '&' : '?'}recovered=1`;
}
