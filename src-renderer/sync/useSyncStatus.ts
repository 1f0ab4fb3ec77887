// The sync status: fetched once, then kept current by the `sync.status` events main pushes.
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../src-shared/sync/contract';
import { call, onServerEvent } from '../api/client';

export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    call('sync.status', {})
      .then((s) => live && setStatus(s))
      .catch(() => undefined);
    const off = onServerEvent((m) => {
      if (m.name === 'sync.status') setStatus(m.payload as unknown as SyncStatus);
      if (m.name === 'data.changed') {
        call('sync.status', {})
          .then((s) => live && setStatus(s))
          .catch(() => undefined);
      }
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return [status, setStatus];
}
