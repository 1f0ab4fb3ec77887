// Runs a write procedure, keeps its error for display and never clears the form on failure.
import { useCallback, useState } from 'react';
import type { ErrorPayload } from '../../src-shared/core/errors';
import { ApiError } from '../api/client';

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await fn(...args);
      } catch (err) {
        setError(err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'errors.internal' });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [fn],
  );
  return { run, error, busy, setError };
}
