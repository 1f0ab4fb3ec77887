// Refusals HQ answers with a status and a clear code; the request changed nothing.
import type { SyncErrorCode } from '../../src-shared/sync/protocol';

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 426 | 429 | 503,
    readonly extra: { expectedSeq?: number; retryAfter?: number } = {},
  ) {
    super(code);
    this.name = 'SyncError';
  }
}
