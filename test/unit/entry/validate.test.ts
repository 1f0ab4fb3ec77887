// Field rules, row rules and rules across rows of the vehicle logbook, and template contradictions.
import { describe, expect, it } from 'vitest';
import { builtinTemplates, vehicleLogTemplate } from '../../../src-shared/entry/builtin';
import type { FieldDef, TemplateDef } from '../../../src-shared/entry/template';
import { checkTemplate, normalizeValue, validateAcrossRows, validateField, validateRow } from '../../../src-shared/entry/validate';

const f = (over: Partial<FieldDef>): FieldDef => ({ key: 'x', label: 'X', type: 'text', required: false, ...over });
const def = vehicleLogTemplate.def;
const trip = (over: Record<string, string> = {}) => ({
  date: '2022-05-02', timeOut: '08:30', timeIn: '10:00', driver: '丸山', department: '総務課', destination: '県庁', purpose: '', odoOut: '1000', odoIn: '1030', notes: '', alcohol: '無', checker: '百瀬', detector: '使用', ...over,
});

describe('one field', () => {
  it('requires what is required and ignores optional blanks', () => {
    expect(validateField(f({ required: true }), '  ')?.messageKey).toBe('entry.rules.required');
    expect(validateField(f({ required: false }), '')).toBeNull();
  });
  it('checks numbers, bounds and integers (full-width digits count as digits)', () => {
    const n = f({ type: 'number', min: 0, max: 100, integer: true });
    expect(validateField(n, '１２')).toBeNull();
    expect(validateField(n, '1,000')?.messageKey).toBe('entry.rules.max');
    expect(validateField(n, '-1')?.messageKey).toBe('entry.rules.min');
    expect(validateField(n, '1.5')?.messageKey).toBe('entry.rules.integer');
    expect(validateField(n, '12a')?.messageKey).toBe('entry.rules.number');
  });
  it('accepts real dates and times in shorthand, refuses impossible ones', () => {
    const d = f({ type: 'date' });
    const t = f({ type: 'time' });
    expect(normalizeValue(d, '2022/4/1')).toBe('2022-04-01');
    expect(normalizeValue(d, '20220401')).toBe('2022-04-01');
    expect(validateField(d, '2022-02-30')?.messageKey).toBe('entry.rules.date');
    expect(normalizeValue(t, '830')).toBe('08:30');
    expect(validateField(t, '0830')).toBeNull();
    expect(validateField(t, '24:00')?.messageKey).toBe('entry.rules.time');
  });
  it('checks choices, kana, postal codes and length', () => {
    expect(validateField(f({ type: 'choice', options: ['無', '有'] }), '無')).toBeNull();
    expect(normalizeValue(f({ type: 'choice', options: ['無', '有'] }), '2')).toBe('有');
    expect(validateField(f({ type: 'choice', options: ['無', '有'] }), '3')?.messageKey).toBe('entry.rules.choice');
    expect(validateField(f({ type: 'choice', options: ['無', '有'] }), 'なし')?.params).toEqual({ options: '無 / 有' });
    expect(normalizeValue(f({ type: 'kana' }), 'やまだ')).toBe('ヤマダ');
    expect(validateField(f({ type: 'kana' }), 'ｻﾄｳ')).toBeNull();
    expect(validateField(f({ type: 'kana' }), '山田')?.messageKey).toBe('entry.rules.kana');
    expect(normalizeValue(f({ type: 'postal' }), '3990701')).toBe('399-0701');
    expect(validateField(f({ type: 'postal' }), '39907')?.messageKey).toBe('entry.rules.postal');
    expect(validateField(f({ maxLength: 3 }), 'abcd')?.messageKey).toBe('entry.rules.tooLong');
  });
});

describe('one row', () => {
  it('passes a clean trip and skips an unused line', () => {
    expect(validateRow(def, 1, trip())).toEqual([]);
    expect(validateRow(def, 2, { date: '', notes: ' ' })).toEqual([]);
  });
  it('wants the return after the departure and the odometer in after out', () => {
    const issues = validateRow(def, 1, trip({ timeOut: '10:00', timeIn: '09:00', odoIn: '999' }));
    expect(issues.map((i) => [i.field, i.messageKey, i.severity])).toEqual([
      ['timeIn', 'entry.rules.order', 'error'],
      ['odoIn', 'entry.rules.order', 'error'],
    ]);
  });
  it('checks the page header (vehicle number required)', () => {
    expect(validateRow(def, 0, { vehicle: '' }).map((i) => i.field)).toEqual(['vehicle']);
  });
});

describe('across rows', () => {
  const header = { vehicle: 'A' };
  it('warns when the odometer goes down for the same vehicle only', () => {
    const issues = validateAcrossRows(def, [
      { rowNo: 1, header, values: trip({ odoOut: '1000', odoIn: '1030' }) },
      { rowNo: 2, header: { vehicle: 'B' }, values: trip({ date: '2022-05-03', odoOut: '10', odoIn: '20' }) },
      { rowNo: 3, header, values: trip({ date: '2022-05-04', odoOut: '1020', odoIn: '1040' }) },
      { rowNo: 4, header, values: trip({ date: '2022-05-05', odoOut: '1040', odoIn: '1050' }) },
    ]);
    expect(issues).toEqual([{ rowNo: 3, field: 'odoOut', severity: 'warning', messageKey: 'entry.rules.decreasing', params: { prev: 1030 } }]);
  });
  it('warns about overlapping trips of the same vehicle on the same day, not of different vehicles', () => {
    const issues = validateAcrossRows(def, [
      { rowNo: 1, header, values: trip({ timeOut: '08:30', timeIn: '10:00' }) },
      { rowNo: 2, header, values: trip({ timeOut: '10:00', timeIn: '11:00', odoOut: '1030', odoIn: '1040' }) },
      { rowNo: 3, header, values: trip({ timeOut: '10:30', timeIn: '12:00', odoOut: '1040', odoIn: '1050' }) },
      { rowNo: 4, header: { vehicle: 'B' }, values: trip({ timeOut: '09:00', timeIn: '09:30' }) },
    ]);
    expect(issues.map((i) => [i.rowNo, i.messageKey, i.params])).toEqual([[3, 'entry.rules.overlap', { row: 2 }]]);
  });
});

describe('template contradictions', () => {
  const base: TemplateDef = { header: [], row: [f({ key: 'a' })], rowsPerPage: 5, rules: [] };
  it('accepts the shipped templates', () => {
    for (const t of builtinTemplates) expect(checkTemplate(t.def)).toEqual([]);
  });
  it('names each contradiction', () => {
    const keys = (d: TemplateDef) => checkTemplate(d).map((p) => p.messageKey);
    expect(keys({ ...base, row: [f({ key: 'n', type: 'number', min: 10, max: 1 })] })).toEqual(['entry.template.minOverMax']);
    expect(keys({ ...base, row: [f({ key: 'h', required: true, hidden: true })] })).toEqual(['entry.template.requiredHidden']);
    expect(keys({ ...base, row: [f({ key: 'a' }), f({ key: 'a' })] })).toEqual(['entry.template.duplicateKey']);
    expect(keys({ ...base, row: [f({ key: 'c', type: 'choice', options: [] })] })).toEqual(['entry.template.noOptions']);
    expect(keys({ ...base, row: [f({ key: 't', min: 1 })] })).toEqual(['entry.template.boundsOnNonNumber']);
    expect(keys({ ...base, rules: [{ kind: 'order', a: 'a', b: 'missing' }] })).toEqual(['entry.template.ruleUnknownField']);
    expect(keys({ ...base, rowsPerPage: 0 })).toEqual(['entry.template.rowsPerPage']);
    expect(keys({ ...base, row: [f({ key: '1bad' })] })).toEqual(['entry.template.badKey']);
  });
});
