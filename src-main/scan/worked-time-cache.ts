// Worked minutes per step for the board, from attendance. Rebuilding every worker's worklog costs more than the
// whole board query, so the result is kept until a non-scan table changes (a punch, a correction) or a minute
// passes (open sessions keep growing while people work).
import type { AppServices } from '../api/context';
import { workedMinutesByStep } from '../attendance/worked-time';

const MAX_AGE_MS = 60_000;

interface Cache {
  entries: Map<string, { at: number; minutes: Record<string, number> }>;
}

const caches = new WeakMap<AppServices, Cache>();

function cacheOf(services: AppServices): Cache {
  let cache = caches.get(services);
  if (!cache) {
    const created: Cache = { entries: new Map() };
    services.bus.onChange((tables) => {
      if (tables.some((t) => !t.startsWith('scan'))) created.entries.clear();
    });
    caches.set(services, created);
    cache = created;
  }
  return cache;
}

export function cachedWorkedMinutes(services: AppServices, jobId: string): Record<string, number> {
  const cache = cacheOf(services);
  const now = services.clock.now();
  const hit = cache.entries.get(jobId);
  if (hit && now - hit.at < MAX_AGE_MS && now >= hit.at) return hit.minutes;
  const minutes = workedMinutesByStep(services.store, jobId, now);
  cache.entries.set(jobId, { at: now, minutes });
  return minutes;
}
