// Pure validation of keyed values: one field, one row, the rows of a batch together, and the template itself.
// Every issue names a catalog key, so the entry screen, HQ and exports all say the same thing in ja/en.
import type { FieldDef, RuleDef, TemplateDef, Values } from './template';
import { allFields, HEADER_ROW } from './template';

export interface ValueIssue {
  /** Row number within the page (0 = header) or the record index for batch-wide rules. */
  rowNo: number;
  field: string;
  messageKey: string;
  params?: Record<string, string | number>;
  /** Cross-row rules describe the paper, which may itself be wrong: they warn, they do not block. */
  severity: 'error' | 'warning';
}

/** Full-width digits and letters, ideographic spaces and stray blanks are what keyers and paper produce. */
export function normalizeText(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/** Turns common keyer shorthands into the stored form: 0830 → 08:30, 2022/4/1 → 2022-04-01, 1,234 → 1234, 2 → 2nd option. */
export function normalizeValue(field: FieldDef, raw: string): string {
  const v = normalizeText(raw);
  if (v === '') return '';
  switch (field.type) {
    case 'time': {
      const m = /^(\d{1,2})[:：]?(\d{2})$/.exec(v);
      return m ? `${m[1].padStart(2, '0')}:${m[2]}` : v;
    }
    case 'date': {
      const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(v);
      return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : v;
    }
    case 'number':
      return v.replace(/,/g, '');
    case 'postal': {
      const m = /^(\d{3})-?(\d{4})$/.exec(v);
      return m ? `${m[1]}-${m[2]}` : v;
    }
    case 'choice': {
      // Keyers on a ten-key pad type the option's number: 1 = first option, and so on.
      const options = field.options ?? [];
      const n = /^\d$/.test(v) && !options.includes(v) ? Number(v) : 0;
      return n >= 1 && n <= options.length ? options[n - 1] : v;
    }
    case 'kana':
      // Half-width katakana became full-width through NFKC; hiragana is what people type by mistake.
      return v.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
    default:
      return v;
  }
}

function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Checks one value against its field; returns a catalog key or null. Value is normalized first. */
export function validateField(field: FieldDef, raw: string | undefined): { messageKey: string; params?: Record<string, string | number> } | null {
  const v = normalizeValue(field, raw ?? '');
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

function comparable(field: FieldDef | undefined, raw: string | undefined): number | string | null {
  if (!field || raw === undefined) return null;
  const v = normalizeValue(field, raw);
  if (v === '' || validateField(field, v)) return null;
  return field.type === 'number' ? Number(v) : v;
}

/** Field rules plus `order` rules for one row (the header row has only field rules). */
export function validateRow(def: TemplateDef, rowNo: number, values: Values): ValueIssue[] {
  const fields = rowNo === HEADER_ROW ? def.header : def.row;
  if (rowNo !== HEADER_ROW && isBlankRow(values)) return [];
  const issues: ValueIssue[] = [];
  for (const field of fields) {
    const problem = validateField(field, values[field.key]);
    if (problem) issues.push({ rowNo, field: field.key, severity: 'error', ...problem });
  }
  if (rowNo === HEADER_ROW) return issues;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const rule of def.rules) {
    if (rule.kind !== 'order') continue;
    const a = comparable(byKey.get(rule.a), values[rule.a]);
    const b = comparable(byKey.get(rule.b), values[rule.b]);
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
export function validateAcrossRows(def: TemplateDef, rows: KeyedRow[]): ValueIssue[] {
  const fields = new Map(allFields(def).map((f) => [f.key, f]));
  const issues: ValueIssue[] = [];
  const used = rows.filter((r) => !isBlankRow(r.values));
  for (const rule of def.rules) {
    if (rule.kind === 'nonDecreasing') {
      const last = new Map<string, number>();
      for (const row of used) {
        const group = groupValue(row, rule.group);
        const current = comparable(fields.get(rule.field), row.values[rule.field]);
        const prev = last.get(group);
        if (typeof current === 'number' && prev !== undefined && current < prev) {
          issues.push({ rowNo: row.rowNo, field: rule.field, severity: 'warning', messageKey: 'entry.rules.decreasing', params: { prev } });
        }
        const after = comparable(fields.get(rule.prev), row.values[rule.prev]);
        if (typeof after === 'number') last.set(group, Math.max(after, prev ?? after));
      }
    } else if (rule.kind === 'noOverlap') {
      const seen = new Map<string, { rowNo: number; start: string; end: string }[]>();
      for (const row of used) {
        const date = comparable(fields.get(rule.date), row.values[rule.date]);
        const start = comparable(fields.get(rule.start), row.values[rule.start]);
        const end = comparable(fields.get(rule.end), row.values[rule.end]);
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
