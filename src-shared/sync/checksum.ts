// The bucket checksum ledger, one definition for the device and HQ (DESIGN.md rule 5, decisions 0021 and 0063).
// A bucket's checksum is the sum modulo 2^32 of its rows' hashes: order-independent, so both sides can update it row
// by row however the rows arrived. Version 2 hashes the row's CONTENT (the JSON text of its data, as HQ stores and
// sends it), so a device whose copy of a row differs from HQ's — an HQ stamp it never got, a punch time HQ's rule
// moved — no longer matches, and that bucket alone is fetched again.

/** The checksum definition this code writes. Version 1 covered only (table, id, hlc). */
export const CHECKSUM_VERSION = 2;

/** Which checksum definition a client of this protocol version counts (HQ answers each client in its own). */
export function checksumVersionFor(protocolVersion: number): 1 | 2 {
  return protocolVersion >= 2 ? 2 : 1;
}

/** FNV-1a 32-bit of a string (UTF-16 code units; identical on both sides). */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Version 1: table, id and HLC only. */
export function rowHashV1(tbl: string, id: string, hlc: string): number {
  return fnv1a(`${tbl}\u0000${id}\u0000${hlc}`);
}

/**
 * Version 2: table, id, HLC and the row's data as JSON text. `dataJson` is `JSON.stringify(data)` of the row as HQ
 * stores it; a row that went through JSON once (HQ's store, the wire, the device's outbox) stringifies to the same
 * text again, so both sides hash the same characters without sorting keys.
 */
export function rowHashV2(tbl: string, id: string, hlc: string, dataJson: string): number {
  return fnv1a(dataJson, fnv1a(`${tbl}\u0000${id}\u0000${hlc}\u0000`));
}

/** A row's hash under `version`. */
export function rowHash(version: 1 | 2, tbl: string, id: string, hlc: string, data: unknown): number {
  return version === 1 ? rowHashV1(tbl, id, hlc) : rowHashV2(tbl, id, hlc, JSON.stringify(data));
}

/** Adds (or with sign −1 removes) one row's hash from a bucket checksum, modulo 2^32. */
export function addToChecksum(sum: number, hash: number, sign: 1 | -1 = 1): number {
  return (sum + sign * hash + 0x100000000) % 0x100000000;
}

/**
 * The fingerprint of the rows a command inserted, as the device wrote them: the device sends it with the command
 * (`insertsHash`), HQ compares it with the rows its own run of the rule inserted. Equal: HQ does not send those rows
 * back (the device holds exactly them, decision 0027). Different — HQ stamped its receive time on a punch, or its rule
 * moved the punch — HQ sends its rows back in the next pull, so the device ends with exactly HQ's rows.
 */
export function insertsHash(rows: readonly { tbl: string; id: string; hlc: string; data: unknown }[]): number {
  let sum = 0;
  for (const r of rows) sum = addToChecksum(sum, rowHash(2, r.tbl, r.id, r.hlc, r.data));
  return sum;
}

/** The HLC an inserted row is counted with: its own `hlc` field when it has one, else the command's. */
export function insertedRowHlc(row: Record<string, unknown>, commandHlc: string): string {
  return typeof row.hlc === 'string' ? row.hlc : commandHlc;
}
