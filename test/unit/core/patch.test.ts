import { describe, expect, it } from 'vitest';
import { mergePatch } from '../../../src-shared/commands/patch';

describe('last-writer-wins per field', () => {
  it('keeps the newer value per field and reports the loser', () => {
    const first = mergePatch(undefined, {}, { name: '佐藤', site: 'A' }, '0000000000001-00000-x');
    const second = mergePatch(first.row, first.fieldHlc, { name: '鈴木' }, '0000000000003-00000-y');
    // An older edit of the same field arrives late: it loses, and is reported so history keeps it.
    const late = mergePatch(second.row, second.fieldHlc, { name: '高橋', site: 'B' }, '0000000000002-00000-z');
    expect(late.row).toEqual({ name: '鈴木', site: 'B' });
    expect(late.changes.find((c) => c.field === 'name')).toMatchObject({ lost: true, newValue: '高橋' });
    expect(late.changes.find((c) => c.field === 'site')).toMatchObject({ lost: false, oldValue: 'A', newValue: 'B' });
  });

  it('converges whatever order patches arrive in', () => {
    const patches = [
      { fields: { a: 1, b: 1 }, hlc: '0000000000001-00000-p' },
      { fields: { a: 2 }, hlc: '0000000000002-00000-q' },
      { fields: { b: 3, c: 3 }, hlc: '0000000000003-00000-r' },
    ];
    const apply = (order: number[]) =>
      order.reduce(
        (acc, i) => {
          const r = mergePatch(acc.row, acc.fieldHlc, patches[i].fields, patches[i].hlc);
          return { row: r.row, fieldHlc: r.fieldHlc };
        },
        { row: {}, fieldHlc: {} },
      ).row;
    const expected = { a: 2, b: 3, c: 3 };
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]]) expect(apply(order)).toEqual(expected);
  });
});
