// Validation of HQ's pull answers on the device. The envelope (buckets, cursors, checkpoints, seq, late rejections)
// goes through zod as before; the rows — up to tens of thousands per answer, a million in a snapshot — are checked
// by one plain loop instead of one zod object parse per row, which cost as much CPU as writing them (decision 0052).
// The rules are the same as `rowImage` in src-shared/sync/protocol.ts: a malformed row refuses the WHOLE answer
// before anything is written (`malformed_response`), so nothing changes.
import { z } from 'zod';
import { bucketPage, pullResponse, type PullResponse, type RowImage } from '../../src-shared/sync/protocol';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** One row image: table, id and HLC strings, and the row's fields as an object (null for a deletion). */
export function isRowImage(r: unknown): r is RowImage {
  if (!isPlainObject(r)) return false;
  const { tbl, id, hlc, data } = r;
  return typeof tbl === 'string' && typeof id === 'string' && typeof hlc === 'string' && (data === null || isPlainObject(data));
}

function areRowImages(rows: unknown): rows is RowImage[] {
  if (!Array.isArray(rows)) return false;
  for (let i = 0; i < rows.length; i++) if (!isRowImage(rows[i])) return false;
  return true;
}

/**
 * `pullResponse` with each page's rows checked in place (not copied) by `areRowImages`; every other field — including
 * ones added to the protocol later — stays exactly as `pullResponse` declares it.
 */
export const checkedPullResponse: z.ZodType<PullResponse> = pullResponse.extend({
  pages: z.array(bucketPage.extend({ rows: z.custom<RowImage[]>(areRowImages) })),
});
