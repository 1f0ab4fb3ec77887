// The board aggregates in SQL on covering indexes (no table scans) and summarizes the real-size demo job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardSql } from '../../../src-main/scan/board';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
let token: string;
let jobId: string;
beforeAll(async () => {
  t = openTestApp({ demo: true });
  token = (await t.must('auth.login', { loginId: 'manager', password: 'tomoni-demo' })).token;
  jobId = (await t.must('scan.listJobs', {}, token)).find((j) => j.code === 'ARCHIVE-01')!.id;
}, 60_000);
afterAll(() => t.close());

describe('station board', () => {
  it('answers every board query from an index, never by reading a scan table row by row', () => {
    const sqlite = t.app.services.store.sqlite;
    sqlite.exec('ANALYZE');
    for (const scope of ['job', 'all'] as const) {
      for (const [name, sql] of Object.entries(boardSql[scope])) {
        const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(scope === 'job' ? [jobId] : [])) as { detail: string }[]).map((p) => p.detail);
        // The jobs registry holds a few hundred rows at most; every scan table must be read through an index.
        const reads = plan.filter((d) => /^(SCAN|SEARCH) /.test(d) && !/^SCAN j$/.test(d));
        expect(reads.length, `${scope}.${name}`).toBeGreaterThan(0);
        for (const read of reads) expect(read, `${scope}.${name}: ${plan.join(' | ')}`).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
        // The aggregates over many rows must not touch the table at all.
        if (name !== 'active') expect(reads.every((r) => r.includes('COVERING INDEX')), `${scope}.${name}: ${plan.join(' | ')}`).toBe(true);
      }
    }
  });

  it('summarizes the pilot job: WIP per step, throughput, forecast and burn-down', async () => {
    const board = await t.must('scan.board', { jobId }, token);
    expect(board).toMatchObject({ scope: 'job', jobs: 1, volumes: 176, pagesExpected: 7500 });
    const volumes = board.steps.reduce((n, s) => n + s.waitingVolumes + s.activeVolumes, 0);
    expect(volumes).toBe(176);
    expect(board.steps.find((s) => s.stepKey === 'scan')!.activeVolumes).toBe(4);
    expect(board.steps.find((s) => s.stepKey === 'done')!.waitingVolumes).toBe(46);
    expect(board.active).toHaveLength(4);
    expect(board.active[0].workerName).toMatch(/W00/);
    expect(board.pagesScanned).toBeGreaterThan(3000);
    expect(board.pagesScanned).toBeLessThan(7500);
    const remaining = board.burndown.map((b) => b.remaining);
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    expect(remaining.at(-1)).toBe(7500 - board.pagesScanned);
    expect(board.pagesPerDay).toBeGreaterThan(0);
    expect(board.forecastDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const s of board.steps) expect(s.workedMinutes).not.toBeNull();
  });

  it('gives a cooperative-wide summary without a job', async () => {
    const all = await t.must('scan.board', { jobId: null }, token);
    expect(all).toMatchObject({ scope: 'all', jobs: 1, volumes: 176, pagesExpected: 7500, workedTimeAvailable: false });
    // Operator-wide "completed" is derived from where volumes stand; with one job it matches the job's events.
    const job = await t.must('scan.board', { jobId }, token);
    const completed = (b: typeof all, key: string) => b.steps.find((s) => s.stepKey === key)!.completedPages;
    for (const key of ['scan', 'metadata', 'qc']) expect(completed(all, key), key).toBe(completed(job, key));
    expect(completed(all, 'stitch')).toBeNull();
    expect(all.pagesDelivered).toBe(job.pagesDelivered);
    expect(JSON.stringify(all).length).toBeLessThan(20_000);
  });
});
