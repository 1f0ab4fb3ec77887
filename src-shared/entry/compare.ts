// Blind double entry: two independent keyings of the same pages compared field by field.
import type { FieldDef, Values } from './template';
import { isBlankRow, normalizeValue } from './validate';

/** A record is one row of one page: `${pageId}:${rowNo}`. */
export type RecordKey = string;

export function recordKey(pageId: string, rowNo: number): RecordKey {
  return `${pageId}:${rowNo}`;
}

export interface Mismatch {
  key: RecordKey;
  field: string;
  first: string;
  second: string;
}

export interface FieldAgreement {
  field: string;
  compared: number;
  agreed: number;
}

export interface Comparison {
  mismatches: Mismatch[];
  /** Records present in either keying (blank lines on both sides do not count). */
  records: number;
  fields: FieldAgreement[];
}

/**
 * Values are compared after normalization (NFKC, trimmed, shorthands expanded), so `０８３０` and `08:30` agree:
 * the difference is in typing, not in what the paper says. Header fields and row fields are given together.
 */
export function compareKeyings(
  fieldsFor: (key: RecordKey) => FieldDef[],
  first: ReadonlyMap<RecordKey, Values>,
  second: ReadonlyMap<RecordKey, Values>,
): Comparison {
  const keys = new Set<RecordKey>();
  for (const [k, v] of first) if (!isBlankRow(v)) keys.add(k);
  for (const [k, v] of second) if (!isBlankRow(v)) keys.add(k);
  const mismatches: Mismatch[] = [];
  const stats = new Map<string, FieldAgreement>();
  for (const key of [...keys].sort()) {
    const a = first.get(key) ?? {};
    const b = second.get(key) ?? {};
    for (const field of fieldsFor(key)) {
      if (field.hidden) continue;
      const va = normalizeValue(field, a[field.key] ?? '');
      const vb = normalizeValue(field, b[field.key] ?? '');
      let s = stats.get(field.key);
      if (!s) stats.set(field.key, (s = { field: field.key, compared: 0, agreed: 0 }));
      s.compared++;
      if (va === vb) s.agreed++;
      else mismatches.push({ key, field: field.key, first: va, second: vb });
    }
  }
  return { mismatches, records: keys.size, fields: [...stats.values()] };
}

/** The final value of a field: the agreed value, or the leader's resolution where the keyings differ. */
export function mergeFinal(
  fields: FieldDef[],
  first: Values | undefined,
  second: Values | undefined,
  resolutions: Readonly<Record<string, string>>,
): { values: Values; unresolved: string[] } {
  const values: Values = {};
  const unresolved: string[] = [];
  for (const field of fields) {
    if (field.hidden) continue;
    const va = normalizeValue(field, first?.[field.key] ?? '');
    if (second === undefined) {
      values[field.key] = va;
      continue;
    }
    const vb = normalizeValue(field, second[field.key] ?? '');
    if (va === vb) values[field.key] = va;
    else if (field.key in resolutions) values[field.key] = normalizeValue(field, resolutions[field.key]);
    else unresolved.push(field.key);
  }
  return { values, unresolved };
}
