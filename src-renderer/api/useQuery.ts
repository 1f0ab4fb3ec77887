// Runs a read procedure and re-runs it when main says one of the given tables changed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, OutputOf, ProcedureName } from '../../src-shared/api/contract';
import type { ErrorPayload } from '../../src-shared/core/errors';
import { ApiError, call, onServerEvent } from './client';

export interface QueryState<T> {
  data: T | undefined;
  error: ErrorPayload | null;
  loading: boolean;
  reload: () => void;
}

/** Reads in flight by procedure and input: two components asking the same at the same time share one request. */
const inFlight = new Map<string, Promise<unknown>>();

function sharedRead<N extends ProcedureName>(name: N, key: string): Promise<OutputOf<N>> {
  const id = `${name}\u0000${key}`;
  let pending = inFlight.get(id) as Promise<OutputOf<N>> | undefined;
  if (!pending) {
    pending = call(name, JSON.parse(key) as InputOf<N>);
    inFlight.set(id, pending);
    const clear = () => inFlight.delete(id);
    pending.then(clear, clear);
  }
  return pending;
}

export function useQuery<N extends ProcedureName>(
  name: N,
  input: InputOf<N>,
  options: { tables?: string[]; enabled?: boolean } = {},
): QueryState<OutputOf<N>> {
  const [data, setData] = useState<OutputOf<N> | undefined>(undefined);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input);
  const generation = useRef(0);
  const enabled = options.enabled ?? true;

  const run = useCallback(() => {
    if (!enabled) return;
    const mine = ++generation.current;
    setLoading(true);
    sharedRead(name, key)
      .then((value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
      })
      .catch((err: unknown) => {
        if (mine !== generation.current) return;
        setError(err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'errors.internal' });
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, [name, key, enabled]);

  useEffect(() => run(), [run]);

  const tables = options.tables?.join(',');
  useEffect(() => {
    return onServerEvent((message) => {
      if (message.name !== 'data.changed') return;
      const watched = tables ? tables.split(',') : null;
      if (!watched || message.payload.tables.some((t) => watched.includes(t))) {
        // A read that started before this change may miss it: never share it with a re-run.
        inFlight.delete(`${name}\u0000${key}`);
        run();
      }
    });
  }, [run, tables, name, key]);

  return { data, error, loading, reload: run };
}
