// Pure validation of keyed values: one field, one row, the rows of a batch together, and the template itself.
// Every issue names a catalog key, so the entry screen, HQ and exports all say the same thing in ja/en.
import type { FieldDef, RuleDef, TemplateDef, Values } from './template';
import { allFields, HEADER_ROW } from './template';
import type { DateContext } from '../core/japanese-input';
import { fiscalYear } from '../core/time';
import { asWritten, comparable, normalizeCode, normalizeDigits, parseDate, parseNumber, parseTime, toKatakana } from '../core/japanese-input';

export interface ValueIssue {
  /** Row number within the page (0 = header) or the record index for batch-wide rules. */
  rowNo: number;
  field: string;
  messageKey: string;
  params?: Record<string, string | number>;
  /** Cross-row rules describe the paper, which may itself be wrong: they warn, they do not block. */
  severity: 'error' | 'warning';
}

/**
 * The year a short date (`4/1`) belongs to: the 年度 of the job's start, else of today. The keyer sees the expanded
 * date as soon as they leave the cell, so a wrong guess is visible and corrected on the spot.
 */
export function entryDateContext(jobStartDate: string | null | undefined, today: string): DateContext {
  return { fiscalYear: fiscalYear(jobStartDate ?? today) };
}

/** Blank in any width: what makes a row an unused line of the paper. */
export function normalizeText(raw: string): string {
  return comparable(raw);
}

/**
 * The value as it is kept: free text exactly as keyed (NFC, outer blanks removed — ① stays ①, ㈱ stays ㈱); values
 * that are read as a number, date, time, postal code or choice in their canonical form (`0830` → `08:30`, `R4.4.1` →
 * `2022-04-01`, `１，２３４` → `1234`, `2` → the 2nd option); furigana in katakana. Unreadable values stay as keyed so the
 * validator can name the problem.
 */
export function normalizeValue(field: FieldDef, raw: string, ctx: DateContext = {}): string {
  const v = asWritten(raw);
  if (v === '') return '';
  switch (field.type) {
    case 'time':
      return parseTime(v) ?? v;
    case 'date':
      return parseDate(v, ctx) ?? v;
    case 'number':
      return parseNumber(v) ?? v;
    case 'postal': {
      const m = /^(\d{3})-?(\d{4})$/.exec(normalizeCode(v).replace(/^〒/, ''));
      return m ? `${m[1]}-${m[2]}` : v;
    }
    case 'choice': {
      const options = field.options ?? [];
      const exact = options.find((o) => comparable(o) === comparable(v));
      if (exact !== undefined) return exact;
      // Keyers on a ten-key pad type the option's number: 1 = first option, and so on.
      const digit = normalizeDigits(v);
      const n = /^\d$/.test(digit) ? Number(digit) : 0;
      return n >= 1 && n <= options.length ? options[n - 1] : v;
    }
    case 'kana':
      return toKatakana(v);
    default:
      return v;
  }
}

/**
 * The form two keyings are compared in: the kept value with widths and compatibility characters folded, so `０８３０`
 * and `08:30`, `県庁 ` and `県庁`, ① and 1 agree — the difference is in typing, not in what the paper says.
 */
export function compareValue(field: FieldDef, raw: string, ctx: DateContext = {}): string {
  return comparable(normalizeValue(field, raw, ctx));
}

function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Checks one value against its field; returns a catalog key or null. Value is normalized first. */
export function validateField(
  field: FieldDef,
  raw: string | undefined,
  ctx: DateContext = {},
): { messageKey: string; params?: Record<string, string | number> } | null {
  const v = normalizeValue(field, raw ?? '', ctx);
  if (v === '') return field.required && !field.hidden ? { messageKey: 'entry.rules.required' } : null;
  if (field.maxLength !== undefined && [...v].length > field.maxLength) {
    return { messageKey: 'entry.rules.tooLong', params: { max: field.maxLength } };
  }
  switch (field.type) {
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(v)) return { messageKey: 'entry.rules.number' };
      const n = Number(v);
      if (field.integer && !Number.isInteger(n)) return { messageKey: 'entry.rules.integer' };
      if (field.min !== undefined && n < field.min) return { messageKey: 'entry.rules.min', params: { min: field.min } };
      if (field.max !== undefined && n > field.max) return { messageKey: 'entry.rules.max', params: { max: field.max } };
      return null;
    }
    case 'date':
      return isRealDate(v) ? null : { messageKey: 'entry.rules.date' };
    case 'time': {
      const m = /^(\d{2}):(\d{2})$/.exec(v);
      return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? null : { messageKey: 'entry.rules.time' };
    }
    case 'choice':
      return field.options?.includes(v) ? null : { messageKey: 'entry.rules.choice', params: { options: (field.options ?? []).join(' / ') } };
    case 'kana':
      return /^[\u30A0-\u30FF\u3000 ]+$/u.test(v) ? null : { messageKey: 'entry.rules.kana' };
    case 'postal':
      return /^\d{3}-\d{4}$/.test(v) ? null : { messageKey: 'entry.rules.postal' };
    default:
      return null;
  }
}

/** A row with no value at all is an unused line of the paper, not an error. */
export function isBlankRow(values: Values | undefined): boolean {
  return !values || Object.values(values).every((v) => normalizeText(v) === '');
}

function ordered(field: FieldDef | undefined, raw: string | undefined, ctx: DateContext): number | string | null {
  if (!field || raw === undefined) return null;
  const v = normalizeValue(field, raw, ctx);
  if (v === '' || validateField(field, v, ctx)) return null;
  return field.type === 'number' ? Number(v) : v;
}

/** Field rules plus `order` rules for one row (the header row has only field rules). */
export function validateRow(def: TemplateDef, rowNo: number, values: Values, ctx: DateContext = {}): ValueIssue[] {
  const fields = rowNo === HEADER_ROW ? def.header : def.row;
  if (rowNo !== HEADER_ROW && isBlankRow(values)) return [];
  const issues: ValueIssue[] = [];
  for (const field of fields) {
    const problem = validateField(field, values[field.key], ctx);
    if (problem) issues.push({ rowNo, field: field.key, severity: 'error', ...problem });
  }
  if (rowNo === HEADER_ROW) return issues;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const rule of def.rules) {
    if (rule.kind !== 'order') continue;
    const a = ordered(byKey.get(rule.a), values[rule.a], ctx);
    const b = ordered(byKey.get(rule.b), values[rule.b], ctx);
    if (a !== null && b !== null && a > b) {
      issues.push({
        rowNo,
        field: rule.b,
        severity: 'error',
        messageKey: 'entry.rules.order',
        params: { a: byKey.get(rule.a)!.label, b: byKey.get(rule.b)!.label },
      });
    }
  }
  return issues;
}

/** One row of a batch in keying order, with the header values of its page (for `group`). */
export interface KeyedRow {
  rowNo: number;
  header: Values;
  values: Values;
}

function groupValue(row: KeyedRow, key: string): string {
  return normalizeText(row.values[key] ?? row.header[key] ?? '');
}

/** Rules across rows: odometer never decreasing per vehicle, no overlapping trips per vehicle. Warnings. */
export function validateAcrossRows(def: TemplateDef, rows: KeyedRow[], ctx: DateContext = {}): ValueIssue[] {
  const fields = new Map(allFields(def).map((f) => [f.key, f]));
  const issues: ValueIssue[] = [];
  const used = rows.filter((r) => !isBlankRow(r.values));
  for (const rule of def.rules) {
    if (rule.kind === 'nonDecreasing') {
      const last = new Map<string, number>();
      for (const row of used) {
        const group = groupValue(row, rule.group);
        const current = ordered(fields.get(rule.field), row.values[rule.field], ctx);
        const prev = last.get(group);
        if (typeof current === 'number' && prev !== undefined && current < prev) {
          issues.push({ rowNo: row.rowNo, field: rule.field, severity: 'warning', messageKey: 'entry.rules.decreasing', params: { prev } });
        }
        const after = ordered(fields.get(rule.prev), row.values[rule.prev], ctx);
        if (typeof after === 'number') last.set(group, Math.max(after, prev ?? after));
      }
    } else if (rule.kind === 'noOverlap') {
      const seen = new Map<string, { rowNo: number; start: string; end: string }[]>();
      for (const row of used) {
        const date = ordered(fields.get(rule.date), row.values[rule.date], ctx);
        const start = ordered(fields.get(rule.start), row.values[rule.start], ctx);
        const end = ordered(fields.get(rule.end), row.values[rule.end], ctx);
        if (typeof date !== 'string' || typeof start !== 'string' || typeof end !== 'string') continue;
        const key = `${groupValue(row, rule.group)}|${date}`;
        const list = seen.get(key) ?? [];
        const clash = list.find((o) => start < o.end && o.start < end);
        if (clash) {
          issues.push({ rowNo: row.rowNo, field: rule.start, severity: 'warning', messageKey: 'entry.rules.overlap', params: { row: clash.rowNo } });
        }
        list.push({ rowNo: row.rowNo, start, end });
        seen.set(key, list);
      }
    }
  }
  return issues;
}

export interface TemplateProblem {
  messageKey: string;
  params?: Record<string, string | number>;
}

/** Contradictions a template may not contain: they would make a form impossible or meaningless to key. */
export function checkTemplate(def: TemplateDef): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const fields = allFields(def);
  const seen = new Set<string>();
  if (def.row.length === 0 && def.header.length === 0) problems.push({ messageKey: 'entry.template.noFields' });
  if (!Number.isInteger(def.rowsPerPage) || def.rowsPerPage < 1 || def.rowsPerPage > 200) {
    problems.push({ messageKey: 'entry.template.rowsPerPage' });
  }
  for (const f of fields) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(f.key)) problems.push({ messageKey: 'entry.template.badKey', params: { key: f.key } });
    if (seen.has(f.key)) problems.push({ messageKey: 'entry.template.duplicateKey', params: { key: f.key } });
    seen.add(f.key);
    if (f.required && f.hidden) problems.push({ messageKey: 'entry.template.requiredHidden', params: { key: f.key } });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) {
      problems.push({ messageKey: 'entry.template.minOverMax', params: { key: f.key, min: f.min, max: f.max } });
    }
    if ((f.min !== undefined || f.max !== undefined || f.integer) && f.type !== 'number') {
      problems.push({ messageKey: 'entry.template.boundsOnNonNumber', params: { key: f.key } });
    }
    if (f.type === 'choice' && (!f.options || f.options.length === 0)) {
      problems.push({ messageKey: 'entry.template.noOptions', params: { key: f.key } });
    }
    if (f.maxLength !== undefined && f.maxLength < 1) problems.push({ messageKey: 'entry.template.maxLength', params: { key: f.key } });
  }
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const rowKeys = new Set(def.row.map((f) => f.key));
  const need = (rule: RuleDef, key: string, inRow: boolean) => {
    if (!byKey.has(key) || (inRow && !rowKeys.has(key))) {
      problems.push({ messageKey: 'entry.template.ruleUnknownField', params: { rule: rule.kind, key } });
    }
  };
  for (const rule of def.rules) {
    if (rule.kind === 'order') {
      need(rule, rule.a, true);
      need(rule, rule.b, true);
      const a = byKey.get(rule.a);
      const b = byKey.get(rule.b);
      if (a && b && a.type !== b.type) problems.push({ messageKey: 'entry.template.ruleTypes', params: { a: a.key, b: b.key } });
    } else if (rule.kind === 'nonDecreasing') {
      need(rule, rule.field, true);
      need(rule, rule.prev, true);
      need(rule, rule.group, false);
      for (const key of [rule.field, rule.prev]) {
        const f = byKey.get(key);
        if (f && f.type !== 'number') problems.push({ messageKey: 'entry.template.ruleNeedsNumber', params: { key } });
      }
    } else {
      need(rule, rule.date, true);
      need(rule, rule.start, true);
      need(rule, rule.end, true);
      need(rule, rule.group, false);
      if (byKey.get(rule.date) && byKey.get(rule.date)!.type !== 'date') problems.push({ messageKey: 'entry.template.ruleNeedsDate', params: { key: rule.date } });
    }
  }
  return problems;
}
