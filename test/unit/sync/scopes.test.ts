// Write scopes per device kind, and the order-independent bucket checksum.
import { describe, expect, it } from 'vitest';
import { canWrite } from '../../../src-server/sync/scopes';
import type { DeviceRecord } from '../../../src-server/sync/devices';
import { addToChecksum, rowHashV1 as rowHash } from '../../../src-shared/sync/checksum';

const base: DeviceRecord = {
  operator_id: 'op1', device_id: 'd', kind: 'center', site_id: 'A', worker_id: null, secret_hash: '', last_seq: 0, last_seen: null,
  app_version: null, schema_version: null, protocol_version: null, clock_offset_ms: null, queued: null, revoked_at: null, bootstrap: 0, replaces: null, replaced_by: null, history_seq: null,
};

describe('canWrite', () => {
  it('lets a center PC write its own site and operator-wide rows, never another site or operator', () => {
    expect(canWrite(base, 'punches', ['op:op1', 'site:A', 'worker:w1'])).toBe(true);
    expect(canWrite(base, 'workers', ['op:op1', 'worker:w9'])).toBe(true);
    expect(canWrite(base, 'punches', ['op:op1', 'site:B', 'worker:w1'])).toBe(false);
    expect(canWrite(base, 'workers', ['op:op2'])).toBe(false);
  });
  it("never lets a center PC take a row out of another site, except a worker's presence moving into its own", () => {
    expect(canWrite(base, 'punches', ['site:A', 'worker:w1'], ['site:B', 'worker:w1'])).toBe(false);
    expect(canWrite(base, 'presence', ['site:A', 'worker:w1'], ['site:B', 'worker:w1'])).toBe(true);
    expect(canWrite(base, 'presence', ['site:B', 'worker:w1'], ['site:B', 'worker:w1'])).toBe(false);
    expect(canWrite(base, 'presence', ['worker:w1'], ['site:B', 'worker:w1'])).toBe(false);
    // An office device writes every site of its operator, never another operator.
    expect(canWrite(base, 'punches', ['site:B', 'worker:w1'], [], true)).toBe(true);
    expect(canWrite(base, 'punches', ['op:op2', 'site:B'], [], true)).toBe(false);
  });
  it("keeps a loaned PC to its own worker's rows plus operator-wide facts", () => {
    const loaned: DeviceRecord = { ...base, kind: 'loaned', site_id: null, worker_id: 'w1' };
    expect(canWrite(loaned, 'credentials', ['op:op1', 'worker:w1'])).toBe(true);
    expect(canWrite(loaned, 'credentials', ['op:op1', 'worker:w2'])).toBe(false);
    expect(canWrite(loaned, 'workers', ['op:op1'])).toBe(false);
    expect(canWrite(loaned, 'auditLog', ['op:op1'])).toBe(true);
  });
  it('lets a loaned PC change a row naming another worker only while that worker stays as they were', () => {
    const loaned: DeviceRecord = { ...base, kind: 'loaned', site_id: null, worker_id: 'w1' };
    const unit = ['job:j', 'worker:w1', 'worker:w2'];
    expect(canWrite(loaned, 'entryUnits', unit, unit)).toBe(true); // submitting its own slot
    expect(canWrite(loaned, 'entryUnits', ['job:j', 'worker:w1', 'worker:w3'], unit)).toBe(false); // swapping the other keyer
    expect(canWrite(loaned, 'entryUnits', ['job:j', 'worker:w1'], unit)).toBe(false); // dropping them
    expect(canWrite(loaned, 'entryUnits', unit)).toBe(false); // a new row naming another worker
    expect(canWrite(loaned, 'jobs', ['op:op2', 'homejobs:op2'])).toBe(false);
  });
});

describe('bucket checksum', () => {
  it('does not depend on order and removes exactly what it added', () => {
    const rows = Array.from({ length: 50 }, (_, i) => rowHash('t', `id${i}`, `h${i}`));
    const forward = rows.reduce((s, h) => addToChecksum(s, h), 0);
    const backward = [...rows].reverse().reduce((s, h) => addToChecksum(s, h), 0);
    expect(forward).toBe(backward);
    expect(rows.reduce((s, h) => addToChecksum(s, h, -1), forward)).toBe(0);
    expect(rowHash('t', 'a', 'h1')).not.toBe(rowHash('t', 'a', 'h2'));
  });
});
