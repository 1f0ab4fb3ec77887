// Protocol 3's compact push batches (decision 0125): ids by series, actors by index, 16 bits of the inserts hash.
// HQ must rebuild exactly the commands a protocol-2 body spells out, and refuse a batch whose references dangle.
import { describe, expect, it } from 'vitest';
import { commandId, seriesOf } from '../../../src-shared/sync/command-ids';
import { pushRequest } from '../../../src-shared/sync/protocol';
import { newId } from '../../../src-shared/core/ids';

const series = 'AbCdEfGhIjKlMnOp';
const worker = { role: 'worker', staffId: null, workerId: newId() };
const base = (seq: number) => ({ seq, name: 'entry.keyRow', args: { x: seq }, hlc: `1796456700000-0000${seq}-9c9180027b0b`, touches: [] });

describe('command ids by series', () => {
  it('names a command <series>.<seq> and finds the series only for that very seq', () => {
    expect(commandId(series, 25253)).toBe('AbCdEfGhIjKlMnOp.25253');
    expect(seriesOf('AbCdEfGhIjKlMnOp.25253', 25253)).toBe(series);
    // Renumbered at a re-attach: the id no longer follows from the seq, so it travels in full.
    expect(seriesOf('AbCdEfGhIjKlMnOp.25253', 7)).toBeNull();
    // Ids made before protocol 3 (UUIDs) and anything odd travel in full too.
    expect(seriesOf(newId(), 1)).toBeNull();
    expect(seriesOf('AbCdEfGhIjKlMnO!.3', 3)).toBeNull();
  });
});

describe('a compact push batch', () => {
  it('is rebuilt at HQ into the same commands a protocol-2 body carries', () => {
    const compact = pushRequest.parse({
      idSeries: [series],
      actors: [worker],
      commands: [
        { ...base(3), n: 0, a: 0, ih: 0xbeef },
        { ...base(4), id: 'older-uuid-like-id', a: 0 },
      ],
    });
    expect(compact.commands).toEqual([
      { ...base(3), id: 'AbCdEfGhIjKlMnOp.3', actor: worker, insertsHash16: 0xbeef },
      { ...base(4), id: 'older-uuid-like-id', actor: worker },
    ]);
    const plain = pushRequest.parse({ commands: [{ ...base(5), id: 'x', actor: worker, insertsHash: 123 }] });
    expect(plain.commands).toEqual([{ ...base(5), id: 'x', actor: worker, insertsHash: 123 }]);
  });

  it('is refused when a reference names nothing, or a series is not one', () => {
    expect(pushRequest.safeParse({ idSeries: [series], actors: [worker], commands: [{ ...base(3), n: 1, a: 0 }] }).success).toBe(false);
    expect(pushRequest.safeParse({ idSeries: [series], actors: [worker], commands: [{ ...base(3), n: 0, a: 2 }] }).success).toBe(false);
    expect(pushRequest.safeParse({ commands: [{ ...base(3), id: 'x' }] }).success).toBe(false);
    expect(pushRequest.safeParse({ idSeries: ['short'], actors: [worker], commands: [{ ...base(3), n: 0, a: 0 }] }).success).toBe(false);
    expect(pushRequest.safeParse({ actors: [worker], commands: [{ ...base(3), a: 0, ih: 70000 }] }).success).toBe(false);
  });
});
