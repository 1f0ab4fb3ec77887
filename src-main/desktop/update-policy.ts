// Whether and when this device takes an update from its HQ's feed (docs/decisions/0085). Pure: the Electron side
// (src-main/electron/updater.ts) only feeds it facts.
import { createHash } from 'node:crypto';

/** HQ serves the electron-updater generic feed under its own URL; a device follows the HQ it is attached to. */
export function updateFeedUrl(hqUrl: string | null): string | null {
  if (!hqUrl) return null;
  try {
    const url = new URL(hqUrl);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/updates/`;
    return url.toString();
  } catch {
    return null;
  }
}

/**
 * Staged rollout: a device is in when its bucket (0–99, from its id and the version, so each release draws anew but
 * a device never flips back and forth) is below the percentage HQ published for the release.
 */
export function inRollout(deviceId: string, version: string, percentage: number | undefined): boolean {
  if (percentage === undefined || percentage >= 100) return true;
  if (percentage <= 0) return false;
  const bucket = createHash('sha256').update(`${deviceId}:${version}`).digest().readUInt32BE(0) % 100;
  return bucket < percentage;
}

export interface InstallFacts {
  kiosk: boolean;
  /** Local hour (0–23) in the device's time zone. */
  hour: number;
  /** Workers clocked in at this site right now. */
  clockedIn: number;
}

/** The center PC's quiet hours: nobody works, and a restart does not interrupt anyone. */
export const QUIET_HOURS = { from: 2, to: 5 };

/**
 * A downloaded update on a kiosk installs (restarting the app) only in the quiet hours and only when nobody is
 * clocked in; a loaned PC installs when its user quits, as electron-updater does by default.
 */
export function installNow(facts: InstallFacts): boolean {
  if (!facts.kiosk) return false;
  return facts.hour >= QUIET_HOURS.from && facts.hour < QUIET_HOURS.to && facts.clockedIn === 0;
}
