// What a form template is: the fields of a paper form (page header + repeating rows) and the rules across them.
export const fieldTypes = ['text', 'number', 'date', 'time', 'choice', 'kana', 'postal'] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface FieldDef {
  key: string;
  /** Label as printed on the paper (Japanese). */
  label: string;
  type: FieldType;
  required: boolean;
  /** Hidden fields are not keyed; a hidden field cannot be required. */
  hidden?: boolean;
  /** number: inclusive bounds. */
  min?: number;
  max?: number;
  integer?: boolean;
  maxLength?: number;
  /** choice: the allowed values. */
  options?: string[];
  /** Relative column width in the entry grid, following the paper. */
  width?: number;
}

/**
 * Rules that look at more than one field.
 * - `order`: within a row, `a` must not come after `b` (times, dates or numbers).
 * - `nonDecreasing`: across rows of the same `group` in keying order, each row's `field` ≥ the previous row's `prev`.
 * - `noOverlap`: across rows of the same `group` on the same `date`, the [start, end] intervals may not overlap.
 */
export type RuleDef =
  | { kind: 'order'; a: string; b: string }
  | { kind: 'nonDecreasing'; field: string; prev: string; group: string }
  | { kind: 'noOverlap'; date: string; start: string; end: string; group: string };

export interface TemplateDef {
  /** Fields keyed once per page (e.g. the vehicle number at the top of a logbook page). */
  header: FieldDef[];
  /** Fields of each repeating row. */
  row: FieldDef[];
  /** Rows printed per page; the entry grid shows this many. */
  rowsPerPage: number;
  rules: RuleDef[];
}

export type TemplateKind = 'vehicle_log' | 'test_sheet' | 'generic';

/** Keyed values are kept exactly as typed (strings); rules normalize when they compare. */
export type Values = Record<string, string>;

/** Row 0 of a page holds its header fields; rows 1..rowsPerPage hold the repeating rows. */
export const HEADER_ROW = 0;

export function allFields(def: TemplateDef): FieldDef[] {
  return [...def.header, ...def.row];
}

export function keyedFields(fields: FieldDef[]): FieldDef[] {
  return fields.filter((f) => !f.hidden);
}
