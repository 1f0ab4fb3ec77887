// Station board in Chromium through `serve` (BENCH.md): from navigation to the board drawn with data, for the
// real pilot job (176 volumes, 7,500 pages) and for a cooperative-wide view of 1,000,000 pages.
// The 1M dataset is a bench-only fast path: rows are written straight into SQLite (same tables and indexes the
// commands fill), because a million pages through the command path would take minutes and measure the seeder,
// not the board (docs/decisions/0036-board-aggregates-and-bench-data.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { newId } from '../src-shared/core/ids';
import { jstDate } from '../src-shared/core/time';
import { defaultWorkflow } from '../src-shared/scan/workflow';
import { loadDemo } from '../src-main/app/demo';
import { createApp } from '../src-main/app/services';
import { performance } from 'node:perf_hooks';
import { median, type BenchModule, type Figure } from './types';
import { api, startServe } from './serve-process';

const REPS = 7;
const TOTAL_PAGES = 1_000_000;
const PAGES_PER_VOLUME = 43;
const VOLUMES_PER_JOB = 176;
const DAY = 24 * 60 * 60 * 1000;

function demoDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-scan-'));
  const app = createApp({ dataDir: dir });
  loadDemo(app.services);
  app.close();
  return dir;
}

/** Adds scan jobs next to the demo's until the operator holds 1,000,000 expected pages, with pages and events. */
function growToMillion(dir: string): void {
  const app = createApp({ dataDir: dir });
  const db = app.services.store.sqlite;
  const operatorId = db.prepare('SELECT operator_id FROM device_info').pluck().get() as string;
  const have = db.prepare('SELECT coalesce(sum(expected_pages), 0) FROM scan_volumes').pluck().get() as number;
  const hlc = '0000000000000-0000-bench';
  const now = Date.now();
  const insJob = db.prepare(`INSERT INTO jobs (id, operator_id, code, name, client_name, kind, restriction, status, start_date, due_date, hlc, field_hlc)
    VALUES (?, ?, ?, ?, ?, 'scan', 'center_only', 'active', ?, ?, ?, '{}')`);
  const insVolume = db.prepare(`INSERT INTO scan_volumes (id, operator_id, job_id, volume_no, code, title, shelf_no, expected_pages, format, restriction, dc_date, hlc, field_hlc)
    VALUES (?, ?, ?, ?, ?, ?, '', ?, 'A0', 'center_only', '', ?, '{}')`);
  const insState = db.prepare(`INSERT INTO scan_volume_states (id, operator_id, job_id, step_key, status, worker_id, entered_at, updated_at, page_count, composite_pages, originals, hlc)
    VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, 0, 'in', ?)`);
  const insPage = db.prepare(`INSERT INTO scan_pages (id, operator_id, job_id, volume_id, page_no, tile_rows, tile_cols, rework_step, rework_note, hlc)
    VALUES (?, ?, ?, ?, ?, 1, 1, NULL, NULL, ?)`);
  const insEvent = db.prepare(`INSERT INTO scan_events (id, operator_id, job_id, volume_id, page_id, kind, step_key, worker_id, staff_id, at, recorded_at, day, pages, fields, note, device_id, hlc)
    VALUES (?, ?, ?, ?, NULL, 'complete', ?, NULL, NULL, ?, ?, ?, ?, '{}', NULL, 'bench', ?)`);
  const steps = defaultWorkflow.filter((s) => !s.compositeOnly).map((s) => s.key);
  let remaining = TOTAL_PAGES - have;
  let job = 0;
  db.transaction(() => {
    while (remaining > 0) {
      const jobId = newId();
      job++;
      insJob.run(jobId, operatorId, `COOP-${String(job).padStart(3, '0')}`, `共同体 受託案件 ${job}`, '自治体', jstDate(now - 200 * DAY), jstDate(now + 100 * DAY), hlc);
      for (let v = 0; v < VOLUMES_PER_JOB && remaining > 0; v++) {
        const pages = Math.min(PAGES_PER_VOLUME, remaining);
        remaining -= pages;
        const volumeId = newId();
        // Spread volumes over the workflow: the job's early volumes are further along.
        const reached = Math.max(0, Math.min(steps.length, Math.floor(((VOLUMES_PER_JOB - v) / VOLUMES_PER_JOB) * (steps.length + 3)) - 1));
        const stepKey = reached >= steps.length ? 'done' : steps[reached];
        const scanned = reached > 1;
        insVolume.run(volumeId, operatorId, jobId, String(v + 1).padStart(3, '0'), `COOP-${job}-${v + 1}`, `簿冊 ${v + 1}`, pages, hlc);
        insState.run(volumeId, operatorId, jobId, stepKey, v % 7 === 0 ? 'in_progress' : 'waiting', now - v * 3600_000, now - v * 3600_000, scanned ? pages : 0, hlc);
        if (scanned) for (let p = 1; p <= pages; p++) insPage.run(newId(), operatorId, jobId, volumeId, p, hlc);
        for (let s = 0; s < reached; s++) {
          const at = now - Math.floor(((VOLUMES_PER_JOB - v) / VOLUMES_PER_JOB) * 180 * DAY) + s * 3600_000;
          insEvent.run(newId(), operatorId, jobId, volumeId, steps[s], at, at, jstDate(at), pages, hlc);
        }
      }
    }
  })();
  db.exec('ANALYZE');
  app.close();
}

/** The board procedure alone over HTTP (query + JSON), for context next to the browser figure. */
async function measureApi(url: string, token: string, scope: 'job' | 'all'): Promise<number> {
  const jobId = scope === 'job' ? (await api<{ id: string; code: string }[]>(url, 'scan.listJobs', {}, token)).find((j) => j.code === 'ARCHIVE-01')!.id : null;
  const runs: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await api(url, 'scan.board', { jobId }, token);
    if (i > 0) runs.push(performance.now() - t0);
  }
  return Math.round(median(runs) * 10) / 10;
}

/** Median ms from navigation start to the board element carrying data, read in the page's own clock. */
async function measureBoard(url: string, route: string): Promise<{ median: number; runs: number[]; apiMs: number; shellMs: number }> {
  const body = { value: await api<{ token: string }>(url, 'auth.login', { loginId: 'manager', password: 'tomoni-demo' }, null) };
  const apiMs = await measureApi(url, body.value.token, route === 'scan-board' ? 'job' : 'all');
  const browser = await chromium.launch({
    executablePath: process.env.TOMONI_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    await context.addInitScript((token: string) => sessionStorage.setItem('tomoni.session', token), body.value.token);
    // For context only: when the signed-in shell first shows the screen title (app boot, before any board data).
    await context.addInitScript(() => {
      const w = window as unknown as { __shellMs?: number };
      new MutationObserver((_m, observer) => {
        if (w.__shellMs === undefined && document.querySelector('.screen-header h1')) {
          w.__shellMs = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const runs: number[] = [];
    const shell: number[] = [];
    for (let i = 0; i < REPS + 1; i++) {
      await page.goto('about:blank');
      await page.goto(`${url}#/${route}`);
      const ms = await page.waitForFunction(() => (document.querySelector('[data-board-ready]') ? performance.now() : 0), null, { polling: 'raf', timeout: 60_000 });
      // The first load warms the HTTP cache and SQLite's page cache, as a leader's second look would.
      if (i > 0) runs.push(Math.round((await ms.jsonValue()) * 10) / 10);
      if (i > 0) shell.push((await page.evaluate(() => (window as unknown as { __shellMs?: number }).__shellMs)) ?? NaN);
    }
    return { median: median(runs), runs, apiMs, shellMs: Math.round(median(shell)) };
  } finally {
    await browser.close();
  }
}

export const scanBench: BenchModule = {
  name: 'scan',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    const dir = demoDataDir();
    let served = await startServe({ dataDir: dir });
    try {
      const job = await measureBoard(served.url, 'scan-board');
      figures.push({ name: 'stationBoard.pages7500_ms', value: job.median, unit: 'ms', reps: REPS, note: `goal < 100; shell up at ${job.shellMs} ms; board API alone ${job.apiMs} ms; runs ${job.runs.join(' ')}` });
    } finally {
      await served.stop();
    }
    const t0 = Date.now();
    growToMillion(dir);
    const seedSeconds = ((Date.now() - t0) / 1000).toFixed(1);
    served = await startServe({ dataDir: dir });
    try {
      const all = await measureBoard(served.url, 'scan-board-all');
      figures.push({ name: 'stationBoard.pages1m_ms', value: all.median, unit: 'ms', reps: REPS, note: `goal < 300; shell up at ${all.shellMs} ms; board API alone ${all.apiMs} ms; data ${seedSeconds}s; runs ${all.runs.join(' ')}` });
    } finally {
      await served.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
