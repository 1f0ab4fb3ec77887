// Blind double entry: two independent keyings of the same pages compared field by field.
import type { FieldDef, Values } from './template';
import type { DateContext } from '../core/japanese-input';
import { compareValue, isBlankRow, normalizeValue } from './validate';

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
 * Values are compared in their folded form (compareValue: NFKC, trimmed, shorthands expanded), so `０８３０` and
 * `08:30` agree: the difference is in typing, not in what the paper says. Mismatches show the values as kept.
 * Header fields and row fields are given together.
 */
export function compareKeyings(
  fieldsFor: (key: RecordKey) => FieldDef[],
  first: ReadonlyMap<RecordKey, Values>,
  second: ReadonlyMap<RecordKey, Values>,
  ctx: DateContext = {},
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
      const ra = a[field.key] ?? '';
      const rb = b[field.key] ?? '';
      let s = stats.get(field.key);
      if (!s) stats.set(field.key, (s = { field: field.key, compared: 0, agreed: 0 }));
      s.compared++;
      if (compareValue(field, ra, ctx) === compareValue(field, rb, ctx)) s.agreed++;
      else mismatches.push({ key, field: field.key, first: normalizeValue(field, ra, ctx), second: normalizeValue(field, rb, ctx) });
    }
  }
  return { mismatches, records: keys.size, fields: [...stats.values()] };
}

/**
 * The final value of a field: the agreed value, or the leader's resolution where the keyings differ. Values are kept
 * as written: where the keyings agree only after folding (① and 1), the first keying's form is kept.
 */
export function mergeFinal(
  fields: FieldDef[],
  first: Values | undefined,
  second: Values | undefined,
  resolutions: Readonly<Record<string, string>>,
  ctx: DateContext = {},
): { values: Values; unresolved: string[] } {
  const values: Values = {};
  const unresolved: string[] = [];
  for (const field of fields) {
    if (field.hidden) continue;
    const va = normalizeValue(field, first?.[field.key] ?? '', ctx);
    if (second === undefined) {
      values[field.key] = va;
      continue;
    }
    const vb = second[field.key] ?? '';
    if (compareValue(field, va, ctx) === compareValue(field, vb, ctx)) values[field.key] = va;
    else if (field.key in resolutions) values[field.key] = normalizeValue(field, resolutions[field.key], ctx);
    else unresolved.push(field.key);
  }
  return { values, unresolved };
}
