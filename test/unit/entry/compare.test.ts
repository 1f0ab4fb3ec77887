// Blind double entry: field-by-field comparison, agreement counts and the final value after adjudication.
import { describe, expect, it } from 'vitest';
import { compareKeyings, mergeFinal, recordKey } from '../../../src-shared/entry/compare';
import { canTransition } from '../../../src-shared/entry/review';
import type { FieldDef, Values } from '../../../src-shared/entry/template';

const fields: FieldDef[] = [
  { key: 'date', label: '月日', type: 'date', required: true },
  { key: 'time', label: '時刻', type: 'time', required: true },
  { key: 'driver', label: '運転者', type: 'text', required: true },
  { key: 'km', label: 'km', type: 'number', required: true },
];
const header: FieldDef[] = [{ key: 'vehicle', label: '車両', type: 'text', required: true }];
const fieldsFor = (k: string) => (k.endsWith(':0') ? header : fields);

describe('compareKeyings', () => {
  it('lists only real differences, not typing variants', () => {
    const first = new Map<string, Values>([
      [recordKey('p', 0), { vehicle: '松本300さ1001' }],
      [recordKey('p', 1), { date: '2022-04-01', time: '0830', driver: '丸山', km: '1,200' }],
      [recordKey('p', 2), { date: '2022-04-02', time: '09:00', driver: '百瀬', km: '30' }],
    ]);
    const second = new Map<string, Values>([
      [recordKey('p', 0), { vehicle: '松本３００さ１００１' }],
      [recordKey('p', 1), { date: '2022/4/1', time: '08:30', driver: '丸山 ', km: '1200' }],
      [recordKey('p', 2), { date: '2022-04-02', time: '09:00', driver: '百瀬', km: '39' }],
      [recordKey('p', 3), { date: '', time: '', driver: '', km: '' }],
    ]);
    const result = compareKeyings(fieldsFor, first, second);
    expect(result.mismatches).toEqual([{ key: 'p:2', field: 'km', first: '30', second: '39' }]);
    expect(result.records).toBe(3);
    expect(result.fields.find((s) => s.field === 'km')).toEqual({ field: 'km', compared: 2, agreed: 1 });
    expect(result.fields.find((s) => s.field === 'vehicle')).toEqual({ field: 'vehicle', compared: 1, agreed: 1 });
  });

  it('counts a record only one keyer saw as a mismatch in each keyed field', () => {
    const result = compareKeyings(fieldsFor, new Map([['p:4', { date: '2022-04-05', time: '10:00', driver: '上條', km: '5' }]]), new Map());
    expect(result.mismatches.map((m) => [m.field, m.first, m.second])).toEqual([
      ['date', '2022-04-05', ''],
      ['time', '10:00', ''],
      ['driver', '上條', ''],
      ['km', '5', ''],
    ]);
  });
});

describe('mergeFinal', () => {
  it('keeps agreed values, takes the leader’s decision where they differ, and reports what is still open', () => {
    const a = { date: '2022-04-01', time: '08:30', driver: '丸山', km: '30' };
    const b = { date: '2022-04-01', time: '08:30', driver: '丸田', km: '39' };
    expect(mergeFinal(fields, a, b, { km: '30' })).toEqual({ values: { date: '2022-04-01', time: '08:30', km: '30' }, unresolved: ['driver'] });
    expect(mergeFinal(fields, a, undefined, {}).unresolved).toEqual([]);
  });
});

describe('review state machine', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('open', 'keyed')).toBe(true);
    expect(canTransition('keyed', 'verified')).toBe(true);
    expect(canTransition('verified', 'accepted')).toBe(true);
    expect(canTransition('verified', 'sent_back')).toBe(true);
    expect(canTransition('sent_back', 'keyed')).toBe(true);
    expect(canTransition('keyed', 'accepted')).toBe(false);
    expect(canTransition('accepted', 'sent_back')).toBe(false);
    expect(canTransition('open', 'verified')).toBe(false);
  });
});
