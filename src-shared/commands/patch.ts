// Last-writer-wins per field for registry rows (DESIGN.md rule 4), shared so device and HQ merge alike.
import { compareHlc } from '../core/hlc';

export interface FieldChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  oldHlc: string | null;
  hlc: string;
  /** true when the incoming value lost to a newer one already stored. */
  lost: boolean;
}

export interface PatchResult {
  row: Record<string, unknown>;
  fieldHlc: Record<string, string>;
  changes: FieldChange[];
}

/**
 * Merge `fields` written at `hlc` into `existing` (or a new row).
 * Each field keeps the value with the highest HLC; every decision is reported so history keeps both values.
 */
export function mergePatch(
  existing: Record<string, unknown> | undefined,
  existingFieldHlc: Record<string, string>,
  fields: Record<string, unknown>,
  hlc: string,
): PatchResult {
  const row: Record<string, unknown> = { ...(existing ?? {}) };
  const fieldHlc: Record<string, string> = { ...existingFieldHlc };
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (field === 'id') continue;
    const previousHlc = fieldHlc[field] ?? null;
    const wins = previousHlc === null || compareHlc(hlc, previousHlc) > 0;
    const oldValue = row[field];
    if (wins) {
      row[field] = value;
      fieldHlc[field] = hlc;
    }
    if (!wins || !sameValue(oldValue, value)) {
      changes.push({ field, oldValue, newValue: value, oldHlc: previousHlc, hlc, lost: !wins });
    }
  }
  return { row, fieldHlc, changes };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
