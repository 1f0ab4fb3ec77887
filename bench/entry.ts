// Data-entry figures (BENCH.md): keystroke-to-saved latency in the entry screen, measured in Chromium through
// `serve`, and comparing two keyings of a 10,000-record batch with the mismatches listed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { newId } from '../src-shared/core/ids';
import { vehicleLogTemplate } from '../src-shared/entry/builtin';
import { loadDemo } from '../src-main/app/demo';
import { createApp } from '../src-main/app/services';
import { batchMismatches } from '../src-main/entry/adjudicate';
import { entryKeyings, entryTemplates } from '../src-main/entry/schema';
import { workers } from '../src-main/people/schema';
import { median, percentile, type BenchModule, type Figure } from './types';
import { api, startServe } from './serve-process';

const KEYSTROKES = 400;
const WARMUP = 30;
const COMPARE_REPS = 7;

/** One keystroke at a time, each waiting for the UI's own "saved" acknowledgement; latencies from performance marks. */
async function measureSave(): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-entry-'));
  const served = await startServe({ dataDir: dir, demo: true });
  const browser = await chromium.launch({
    executablePath: process.env.TOMONI_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const { token } = await api<{ token: string }>(served.url, 'auth.workerLogin', { code: 'W0002', pin: '1234' });
    const units = await api<{ id: string; label: string; slot: number }[]>(served.url, 'entry.myUnits', {}, token);
    const unit = units.find((u) => u.label === 'VEHICLE-01-001')!;
    const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    await context.addInitScript(
      ([t, nav]: [string, string]) => {
        sessionStorage.setItem('tomoni.session', t);
        sessionStorage.setItem('tomoni.entry.nav', nav);
      },
      [token, JSON.stringify({ batchId: null, unitId: unit.id, slot: unit.slot })] as [string, string],
    );
    const page = await context.newPage();
    await page.goto(`${served.url}#/entry/key`);
    await page.getByLabel('車両番号').waitFor();
    await page.getByLabel('行先 1 行目').focus();
    for (let i = 0; i < KEYSTROKES + WARMUP; i++) {
      const before = Number(await page.getByTestId('save-status').getAttribute('data-saved'));
      await page.keyboard.type(String.fromCharCode(0x3042 + (i % 40)));
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="save-status"]')?.getAttribute('data-saved')) > n, before, { polling: 'raf' });
      // Start a new field now and then, as a keyer does (this also commits rows as named commands).
      if (i % 20 === 19) await page.keyboard.press('Tab');
    }
    const durations = await page.evaluate(() => performance.getEntriesByName('entry.save').map((e) => e.duration));
    return durations.slice(WARMUP);
  } finally {
    await browser.close();
    await served.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** 1,000 pages × 10 rows keyed twice (about 1 % of fields differ), then compared batch-wide. */
function measureCompare(): { runs: number[]; mismatches: number; records: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-bench-compare-'));
  const app = createApp({ dataDir: dir });
  try {
    loadDemo(app.services);
    const { db, sqlite } = app.services.store;
    const template = db.select().from(entryTemplates).where(eq(entryTemplates.code, 'VEHICLE-LOG')).get()!;
    const job = db.select().from(workers).all();
    const admin = { role: 'admin' as const, staffId: null, workerId: null };
    const batchId = newId();
    const pageIds = Array.from({ length: 1000 }, () => newId());
    const jobId = (sqlite.prepare("SELECT id FROM jobs WHERE code = 'VEHICLE-01'").get() as { id: string }).id;
    app.services.bus.execute(
      'entry.createBatch',
      {
        id: batchId,
        jobId,
        templateId: template.id,
        code: 'BENCH-10K',
        name: 'bench',
        doubleEntry: true,
        sources: pageIds.map((id, i) => ({ id: newId(), sha256: i.toString(16).padStart(64, '0'), fileName: `p${i}.png`, mime: 'image/png', bytes: 1, pageIds: [id] })),
      },
      admin,
    );
    const units = Array.from({ length: 100 }, (_, u) => ({ id: newId(), label: `B-${u}`, pageIds: pageIds.slice(u * 10, u * 10 + 10), siteId: null, keyer1Id: job[1].id, keyer2Id: job[2].id, doubleEntry: true }));
    app.services.bus.execute('entry.saveUnits', { batchId, units }, admin);
    // Setup only: the keyings go straight into the table; what is measured is the read + compare + list.
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const fields = vehicleLogTemplate.def.row;
    sqlite.transaction(() => {
      for (const unit of units) {
        for (const pageId of unit.pageIds) {
          for (let rowNo = 1; rowNo <= 10; rowNo++) {
            const values: Record<string, string> = { date: '2022-04-01', timeOut: '08:30', timeIn: '10:00', driver: '丸山', department: '総務課', destination: '県庁', purpose: '会議', odoOut: String(1000 + rowNo), odoIn: String(1050 + rowNo), notes: '', alcohol: '無', checker: '百瀬', detector: '使用' };
            for (const slot of [1, 2]) {
              const v = { ...values };
              if (slot === 2) for (const f of fields) if (rand() < 0.01) v[f.key] = `${v[f.key]}x`;
              db.insert(entryKeyings).values({ id: newId(), operatorId: 'op', jobId, batchId, unitId: unit.id, pageId, rowNo, slot, workerId: null, values: v, at: 0, hlc: '0' }).run();
            }
          }
        }
      }
    })();
    const runs: number[] = [];
    let last = { records: 0, mismatches: 0 };
    for (let i = 0; i < COMPARE_REPS + 1; i++) {
      const t0 = performance.now();
      last = batchMismatches(db, batchId);
      if (i > 0) runs.push(performance.now() - t0);
    }
    return { runs, ...last };
  } finally {
    app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const entryBench: BenchModule = {
  name: 'entry',
  async run(): Promise<Figure[]> {
    const cmp = measureCompare();
    const saves = (await measureSave()).sort((a, b) => a - b);
    return [
      { name: 'entry.save_p50_ms', value: percentile(saves, 50), unit: 'ms', reps: saves.length, note: 'keystroke (input event) → draft saved locally, acknowledged in the UI; Chromium via serve' },
      { name: 'entry.save_p99_ms', value: percentile(saves, 99), unit: 'ms', reps: saves.length },
      { name: 'entry.compare10k_ms', value: median(cmp.runs), unit: 'ms', reps: cmp.runs.length, note: `${cmp.records} records, ${cmp.mismatches} mismatches listed (read from SQLite + compare)` },
    ];
  },
};
