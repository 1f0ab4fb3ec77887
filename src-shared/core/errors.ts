// Errors cross every boundary as a code plus a message key, never as a thrown string (STYLE.md §3).
export const errorCodes = [
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rejected',
  'locked_out',
  'not_setup',
  'already_setup',
  'month_closed',
  'storage_full',
  'storage_unavailable',
  'unknown_procedure',
  /** A request body past the size limit (refused before it was read whole). */
  'too_large',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface FieldIssue {
  path: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface ErrorPayload {
  code: ErrorCode;
  /** i18n key in the shared catalogs, e.g. `errors.attendance.alreadyClockedIn`. */
  messageKey: string;
  params?: Record<string, string | number>;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export class AppError extends Error {
  readonly payload: ErrorPayload;
  constructor(code: ErrorCode, messageKey: string, params?: Record<string, string | number>, issues?: FieldIssue[]) {
    super(`${code}: ${messageKey}`);
    this.name = 'AppError';
    this.payload = { code, messageKey, ...(params ? { params } : {}), ...(issues ? { issues } : {}) };
  }
}

/** A command's rule said no. HQ records it as a permanent rejection with this reason. */
export function reject(messageKey: string, params?: Record<string, string | number>): never {
  throw new AppError('rejected', messageKey, params);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(payload: ErrorPayload): Result<T> {
  return { ok: false, error: payload };
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
