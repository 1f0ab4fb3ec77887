// The snapshot path of the device's page writer (decision 0052) must leave exactly the state the row-by-row path
// leaves — rows, membership, running checksum and count — even when a row comes twice (changed at HQ between two
// pages) or as a deletion inside a chunk. And the cheap row check refuses what zod's `pullResponse` refuses.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src-main/app/services';
import { createRowWriter } from '../../../src-main/sync/local-rows';
import { createLocalState, type BucketState } from '../../../src-main/sync/local-state';
import { checkedPullResponse } from '../../../src-main/sync/pull-check';
import { formatHlc } from '../../../src-shared/core/hlc';
import { newId } from '../../../src-shared/core/ids';
import { pullResponse, type BucketPage, type RowImage } from '../../../src-shared/sync/protocol';
import { tempDir } from '../../helpers/app';

const apps: { app: App; dir: string }[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) {
    a.app.close();
    fs.rmSync(a.dir, { recursive: true, force: true });
  }
});

function store() {
  const dir = tempDir('tomoni-snapshot-apply-');
  const app = createApp({ dataDir: dir, sync: { autoStart: false } });
  apps.push({ app, dir });
  const { sqlite } = app.services.store;
  const local = createLocalState(sqlite, createRowWriter(sqlite));
  return { sqlite, local };
}

function audit(id: string, n: number, counter = 0): RowImage {
  const hlc = formatHlc({ wallMs: 1_700_000_000_000 + n, counter, node: 'history00001' });
  const data = { id, operatorId: 'op1', at: 1_700_000_000_000 + n, actorType: 'worker', actorId: 'W1', action: 'x', targetId: null, details: { n, counter }, deviceId: 'h', hlc };
  return { tbl: 'auditLog', id, hlc, data };
}

const BUCKET = 'op:op1';

/** Two pages: the first carries a tombstone; the second repeats a row of the first (newer HLC) and deletes another, both inside full chunks. */
function pages(): BucketPage[] {
  const first = Array.from({ length: 250 }, (_, i) => audit(newId(), i));
  // A snapshot from cursor 0 also carries tombstones of rows that left the bucket: never members here.
  first[120] = { tbl: 'auditLog', id: newId(), hlc: first[120].hlc, data: null };
  const second = Array.from({ length: 220 }, (_, i) => audit(newId(), 1000 + i));
  second[30] = audit(first[3].id, 3, 1);
  second[150] = { tbl: 'auditLog', id: first[10].id, hlc: first[10].hlc, data: null };
  return [
    { bucket: BUCKET, rows: first, cursor: 250, more: true },
    { bucket: BUCKET, rows: second, cursor: 480, more: false },
  ];
}

function applyAll(snapshot: boolean, list: BucketPage[]) {
  const { sqlite, local } = store();
  let state: BucketState = { bucket: BUCKET, cursor: 0, checksum: 0, count: 0, filling: 1 };
  sqlite.transaction(() => {
    for (const page of list) state = local.applyPage(page, state, snapshot);
  })();
  const recounted = local.recount().get(BUCKET);
  return {
    state,
    members: recounted?.count,
    recomputed: recounted?.checksum,
    rows: sqlite.prepare('SELECT id, details, hlc FROM audit_log ORDER BY id').all(),
  };
}

describe('snapshot page writer', () => {
  it('leaves the same rows, membership, checksum and count as the row-by-row path', () => {
    const list = pages();
    const fast = applyAll(true, list);
    const slow = applyAll(false, list);
    expect(fast).toEqual(slow);
    // 249 rows and a tombstone; then 218 new rows, one repeated (no new member), one deletion of a first-page row.
    expect(fast.state.count).toBe(249 + 218 - 1);
    expect(fast.members).toBe(fast.state.count);
    expect(fast.recomputed).toBe(fast.state.checksum);
    const repeated = (fast.rows as { id: string; details: string }[]).find((r) => r.id === list[0].rows[3].id)!;
    expect(JSON.parse(repeated.details)).toEqual({ n: 3, counter: 1 });
    expect((fast.rows as { id: string }[]).some((r) => r.id === list[0].rows[10].id)).toBe(false);
  });
});

describe('cheap check of pulled rows', () => {
  const good = { hqTime: 1, buckets: [BUCKET], appliedSeq: 0, checkpoint: {}, pages: [{ bucket: BUCKET, cursor: 2, more: true, rows: [audit(newId(), 1), audit(newId(), 2)] }] };
  const withRow = (row: unknown) => ({ ...good, pages: [{ ...good.pages[0], rows: [good.pages[0].rows[0], row] }] });
  const bad: [string, unknown][] = [
    ['numeric id', { ...audit(newId(), 2), id: 42 }],
    ['missing hlc', { tbl: 'auditLog', id: newId(), data: null }],
    ['data as array', { ...audit(newId(), 2), data: [1, 2] }],
    ['data as string', { ...audit(newId(), 2), data: '{}' }],
    ['row as array', ['auditLog', newId(), 'h', null]],
    ['row null', null],
  ];

  it('accepts what pullResponse accepts', () => {
    expect(pullResponse.safeParse(good).success).toBe(true);
    expect(checkedPullResponse.safeParse(good).success).toBe(true);
    expect(checkedPullResponse.safeParse(withRow({ tbl: 't', id: 'i', hlc: 'h', data: null })).success).toBe(true);
  });

  it.each(bad)('refuses a page with a row of the wrong shape (%s), as pullResponse does', (_name, row) => {
    expect(pullResponse.safeParse(withRow(row)).success).toBe(false);
    expect(checkedPullResponse.safeParse(withRow(row)).success).toBe(false);
  });

  it('keeps every other field of the protocol, such as late rejections', () => {
    const late = { seq: 3, commandId: newId(), name: 'audit.record', args: { a: 1 }, reason: { code: 'x', messageKey: 'errors.x' }, revert: [] };
    const parsed = checkedPullResponse.safeParse({ ...good, lateRejections: [late] });
    expect(parsed.success && parsed.data.lateRejections).toEqual([late]);
    expect(checkedPullResponse.safeParse({ ...good, lateRejections: [{ ...late, seq: 'x' }] }).success).toBe(false);
  });

  it('refuses rows that are not a list, and a bad envelope', () => {
    expect(checkedPullResponse.safeParse({ ...good, pages: [{ ...good.pages[0], rows: {} }] }).success).toBe(false);
    expect(checkedPullResponse.safeParse({ ...good, appliedSeq: 'x' }).success).toBe(false);
    expect(checkedPullResponse.safeParse({ ...good, pages: [{ ...good.pages[0], cursor: undefined }] }).success).toBe(false);
  });
});
