// The sync status: fetched once, then kept current by the `sync.status` events main pushes.
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../src-shared/sync/contract';
import { call, onServerEvent } from '../api/client';

export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    // A fetched status is older than any event that arrived while the fetch was on the wire: a late answer
    // ("syncing") must not overwrite a newer event ("idle"), or the widget would say 同期中 until the next cycle.
    let eventsSeen = 0;
    const refresh = () => {
      const seenAtStart = eventsSeen;
      call('sync.status', {})
        .then((s) => live && eventsSeen === seenAtStart && setStatus(s))
        .catch(() => undefined);
    };
    refresh();
    const off = onServerEvent((m) => {
      if (m.name === 'sync.status') {
        eventsSeen += 1;
        setStatus(m.payload as unknown as SyncStatus);
      }
      if (m.name === 'data.changed') refresh();
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return [status, setStatus];
}
