// Reads this install's identity from the local store.
import { eq } from 'drizzle-orm';
import { deviceInfo } from '../store/local-schema';
import type { Store } from '../store/open';

export type DeviceInfo = typeof deviceInfo.$inferSelect;

export function readDevice(store: Store): DeviceInfo | null {
  return store.db.select().from(deviceInfo).where(eq(deviceInfo.id, 'self')).get() ?? null;
}

export function deviceKind(store: Store): 'center' | 'loaned' | null {
  return readDevice(store)?.kind ?? null;
}
