// Nothing typed is lost: every change is saved at once as a local draft (fast, device-only); when the keyer
// leaves a record it is committed as a named command (entry.keyRow). Saves are serialized and coalesced per record.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpenedUnit } from '../../src-shared/entry/contract';
import type { ErrorPayload } from '../../src-shared/core/errors';
import type { Values } from '../../src-shared/entry/template';
import { ApiError, call } from '../api/client';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

interface Pending {
  values: Values;
  /** performance.now() of each keystroke waiting for this save: the bench's keystroke-to-saved latency. */
  marks: number[];
}

function split(key: string): { pageId: string; rowNo: number } {
  const i = key.lastIndexOf(':');
  return { pageId: key.slice(0, i), rowNo: Number(key.slice(i + 1)) };
}

export function useKeying(opened: OpenedUnit) {
  const [rows, setRows] = useState<Record<string, Values>>(opened.rows);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [savedCount, setSavedCount] = useState(0);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const rowsRef = useRef(rows);
  const dirty = useRef(new Set<string>(opened.draftKeys));
  const pending = useRef(new Map<string, Pending>());
  const busy = useRef(false);
  const idleWaiters = useRef<(() => void)[]>([]);
  const { unit, slot } = opened;

  const pump = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      while (pending.current.size > 0) {
        const [key, item] = pending.current.entries().next().value as [string, Pending];
        pending.current.delete(key);
        setSaveState('saving');
        try {
          await call('entry.saveDraft', { unitId: unit.id, slot, ...split(key), values: item.values });
          const end = performance.now();
          for (const start of item.marks) performance.measure('entry.save', { start, end });
          setSaveState(pending.current.size ? 'saving' : 'saved');
          setSavedCount((n) => n + item.marks.length);
        } catch (err) {
          // Keep the values on screen and try again with the next keystroke; never drop them.
          const prev = pending.current.get(key);
          if (!prev) pending.current.set(key, item);
          setSaveState('failed');
          setError(err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'errors.internal' });
          break;
        }
      }
    } finally {
      busy.current = false;
      if (pending.current.size === 0) for (const w of idleWaiters.current.splice(0)) w();
    }
  }, [unit.id, slot]);

  const setValue = useCallback(
    (key: string, field: string, value: string, mark = performance.now()) => {
      const values = { ...rowsRef.current[key], [field]: value };
      rowsRef.current = { ...rowsRef.current, [key]: values };
      setRows(rowsRef.current);
      dirty.current.add(key);
      const prev = pending.current.get(key);
      pending.current.delete(key);
      pending.current.set(key, { values, marks: [...(prev?.marks ?? []), mark] });
      void pump();
    },
    [pump],
  );

  const idle = useCallback(
    () => (pending.current.size === 0 && !busy.current ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.current.push(resolve))),
    [],
  );

  /** Commit a record the keyer has left. Returns false (and keeps the draft) when the rule refuses it. */
  const commit = useCallback(
    async (key: string): Promise<boolean> => {
      if (!dirty.current.has(key)) return true;
      await idle();
      try {
        await call('entry.keyRow', { unitId: unit.id, slot, ...split(key), values: rowsRef.current[key] ?? {} });
        dirty.current.delete(key);
        return true;
      } catch (err) {
        setError(err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'errors.internal' });
        return false;
      }
    },
    [idle, unit.id, slot],
  );

  const commitAll = useCallback(async () => {
    for (const key of [...dirty.current]) if (!(await commit(key))) return false;
    return true;
  }, [commit]);

  // Leaving the screen commits what was typed; the drafts are there anyway if this does not finish.
  useEffect(() => () => void commitAll(), [commitAll]);

  return { rows, setValue, commit, commitAll, saveState, savedCount, error, setError, restored: opened.draftKeys.length };
}
