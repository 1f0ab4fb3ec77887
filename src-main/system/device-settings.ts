// Settings of this one PC, not of the operator: how soon a signed-in session locks depends on where the PC stands
// (a shared center room or a back office). Kept in a small file beside the database, outside sync.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Store } from '../store/open';

export const DEFAULT_IDLE_LOCK_MINUTES = 10;

export const deviceSettingsSchema = z.object({
  idleLockMinutes: z.number().int().min(1).max(120),
});

export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;

const FILE = 'device-settings.json';

function fileOf(store: Store): string {
  return path.join(path.dirname(store.sqlite.name), FILE);
}

// Read at every API call (the session check): the file is read once per process and on each save.
const cache = new Map<string, DeviceSettings>();

export function readDeviceSettings(store: Store): DeviceSettings {
  const file = fileOf(store);
  const known = cache.get(file);
  if (known) return known;
  let settings: DeviceSettings = { idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES };
  try {
    const parsed = deviceSettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) settings = parsed.data;
  } catch {
    // Missing or unreadable: the safe default, never "no lock".
  }
  cache.set(file, settings);
  return settings;
}

export function writeDeviceSettings(store: Store, settings: DeviceSettings): void {
  const file = fileOf(store);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(deviceSettingsSchema.parse(settings)), { mode: 0o600 });
  fs.renameSync(tmp, file);
  cache.set(file, deviceSettingsSchema.parse(settings));
}
