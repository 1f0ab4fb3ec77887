// What a staff member's signature covers (docs/decisions/0072). Pure text building only: the device signs these
// bytes and HQ verifies them with node:crypto on their own sides, so both must build them identically from here.

/** An admin call's signature is accepted this long either side of HQ's clock (the device sends HQ-corrected time). */
export const ADMIN_PROOF_WINDOW_MS = 5 * 60_000;

/** JSON with object keys sorted at every level: the same value gives the same text on the device and at HQ. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

export interface CommandProofFields {
  /** The device that queued (and signed) it; after a re-attach HQ accepts the identities this device had before. */
  deviceId: string;
  /** The queue entry's id: HQ applies a command id once per operator, so a signed command cannot be replayed. */
  id: string;
  name: string;
  hlc: string;
  actor: { role: string; staffId: string | null; workerId: string | null };
}

/**
 * The text a staff member signs for one queued command; `argsDigest` is SHA-256 of `canonicalJson(args)`. The seq is
 * left out on purpose: a re-attached device re-sends its commands under new seqs (replica.ts) and they must still
 * verify; the command id (applied once) and the device (a copy pushed by another PC fails) pin it instead.
 */
export function commandProofText(c: CommandProofFields, argsDigest: string): string {
  return ['tomoni-command-v2', c.deviceId, c.id, c.name, argsDigest, c.hlc, c.actor.role, c.actor.staffId ?? '', c.actor.workerId ?? ''].join('\n');
}

export interface AdminProofFields {
  method: string;
  path: string;
  /** SHA-256 of `canonicalJson(body)`. */
  bodyDigest: string;
  /** HQ-corrected device time (ms). */
  time: number;
  deviceId: string;
  staffId: string;
  /** The request id: HQ accepts each one once. */
  requestId: string;
}

/** The text a staff member signs for one admin call made through a device. */
export function adminProofText(a: AdminProofFields): string {
  return ['tomoni-admin-v1', a.method.toUpperCase(), a.path, a.bodyDigest, String(a.time), a.deviceId, a.staffId, a.requestId].join('\n');
}
