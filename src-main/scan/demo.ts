// Demo: the pilot archive job at real size — 176 volumes, 7,500 pages (A0 building drawings, and Meiji-era
// cadastral maps captured as 2×2 tiles) — spread over the workflow as it stands 40 days into the job.
// Built through commands only; step events carry their real past time (occurredAt), as a transcribed slip would.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { CommandActor } from '../../src-shared/commands/define';
import { newId } from '../../src-shared/core/ids';
import { defaultWorkflow, nextStep, type StepKey } from '../../src-shared/scan/workflow';
import { DEFAULT_NAMING_PATTERN } from '../../src-shared/scan/naming';
import type { DemoContext } from '../app/demo/context';
import type { DemoPeople } from '../people/demo';
import { workers } from '../people/schema';

export const DEMO_SCAN = { volumes: 176, pages: 7500, mapVolumes: 16, mapPagesEach: 25 } as const;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Volume plan: the pages of each volume; every eleventh volume is a book of cadastral maps. */
export function demoVolumePlan(): { volumeNo: string; pages: number; map: boolean }[] {
  const buildings = DEMO_SCAN.volumes - DEMO_SCAN.mapVolumes;
  const buildingPages = DEMO_SCAN.pages - DEMO_SCAN.mapVolumes * DEMO_SCAN.mapPagesEach;
  const base = Math.floor(buildingPages / buildings);
  let extra = buildingPages - base * buildings;
  const plan = [];
  for (let i = 0; i < DEMO_SCAN.volumes; i++) {
    const map = i % 11 === 10;
    const pages = map ? DEMO_SCAN.mapPagesEach : base + (extra-- > 0 ? 1 : 0);
    plan.push({ volumeNo: String(i + 1).padStart(3, '0'), pages, map });
  }
  return plan;
}

// Where each volume stands: [count, last completed step] in volume order; the rest are still at receive.
const progress: [number, StepKey | 'none'][] = [
  [46, 'deliver'],
  [18, 'return'],
  [8, 'qc'],
  [8, 'naming'],
  [8, 'pdf_ocr'],
  [8, 'metadata'],
  [10, 'scan'],
  [12, 'receive'],
];

export function seedScan(ctx: DemoContext, people: DemoPeople): void {
  const { run, admin, now, services } = ctx;
  const jobId = people.jobIds.scan;
  const leader: CommandActor = { role: 'leader', staffId: null, workerId: people.leaderIds[0] };
  const floor = services.store.db.select().from(workers).where(eq(workers.homeSiteId, people.siteIds.SHIOJIRI)).all().filter((w) => w.role === 'worker');
  const stitchers = floor.filter((w) => w.skillIt === 'B' || w.skillIt === 'C');
  const asWorker = (id: string): CommandActor => ({ role: 'worker', staffId: null, workerId: id });

  run('scan.saveSettings', { jobId, qualityLevel: 'fadgi3', targetPpi: 400, colorMode: 'color24', fileFormat: 'tiff', namingPattern: DEFAULT_NAMING_PATTERN, workflow: defaultWorkflow }, admin);
  const plan = demoVolumePlan();
  const ids = plan.map(() => newId());
  run(
    'scan.addVolumes',
    {
      jobId,
      volumes: plan.map((p, i) => ({
        id: ids[i],
        volumeNo: p.volumeNo,
        title: p.map ? `旧公図 ${['大字塩尻', '大字洗馬', '大字宗賀', '大字広丘'][i % 4]} 第${(i % 9) + 1}号` : `建築確認図面 昭和${40 + (i % 20)}年度 第${(i % 12) + 1}冊`,
        shelfNo: `${p.map ? 'M' : 'K'}-${String(Math.floor(i / 10) + 1).padStart(2, '0')}-${(i % 10) + 1}`,
        expectedPages: p.pages,
        format: p.map ? 'irregular' : 'A0',
        restriction: 'center_only',
        dcDate: p.map ? '明治21年' : `昭和${40 + (i % 20)}年`,
      })),
    },
    admin,
  );

  const started = now - 40 * DAY;
  const stepOrder = defaultWorkflow.map((s) => s.key);
  let cursor = 0;
  const processed = progress.reduce((n, [c]) => n + c, 0);
  for (const [count, lastStep] of progress) {
    for (let k = 0; k < count; k++, cursor++) {
      const volumeId = ids[cursor];
      const p = plan[cursor];
      // Work on a volume starts proportionally through the 40 days and moves on a few hours per step.
      let t = started + Math.floor((cursor / processed) * 36 * DAY);
      const tick = (hours: number) => (t = Math.min(now - HOUR, t + hours * HOUR));
      const worker = floor[cursor % floor.length];
      const steps = stepOrder.slice(0, stepOrder.indexOf(lastStep as StepKey) + 1);
      if (steps.length === 0) continue;
      run('scan.moveOriginals', { eventId: newId(), volumeId, direction: 'in', occurredAt: tick(1) }, leader);
      let step: StepKey | 'done' = 'receive';
      let pageIds: string[] = [];
      while (step !== 'done' && steps.includes(step)) {
        const who = step === 'stitch' ? asWorker(stitchers[cursor % stitchers.length].id) : ['receive', 'qc', 'return', 'deliver'].includes(step) ? leader : asWorker(worker.id);
        run('scan.startStep', { eventId: newId(), volumeId, stepKey: step, occurredAt: tick(1) }, who);
        if (step === 'scan') {
          const pages = Array.from({ length: p.pages }, (_, i) => ({ id: newId(), pageNo: i + 1, tileRows: p.map ? 2 : 1, tileCols: p.map ? 2 : 1 }));
          run('scan.registerPages', { volumeId, eventId: newId(), pages }, who);
          pageIds = pages.map((pg) => pg.id);
          if (p.map) for (const page of pages) run('scan.captureTiles', { pageId: page.id, tiles: [1, 2].flatMap((r) => [1, 2].map((c) => ({ id: newId(), row: r, col: c }))), occurredAt: t }, who);
        }
        if (step === 'qc') {
          // Every ninth volume had a skewed page: sent back to scan, rescanned, then the volume passed.
          if (cursor % 9 === 0 && pageIds[0]) {
            run('scan.recordQc', { id: newId(), volumeId, pageId: pageIds[0], result: 'fail', defectType: 'skew', note: '右に傾き', occurredAt: tick(1) }, leader);
            run('scan.sendBack', { eventId: newId(), volumeId, pageId: pageIds[0], toStep: 'scan', note: '傾きを直して再スキャン', occurredAt: tick(0) }, leader);
            run('scan.completeRework', { eventId: newId(), pageId: pageIds[0], note: '再スキャン済み', occurredAt: tick(1) }, asWorker(worker.id));
          }
          run('scan.recordQc', { id: newId(), volumeId, pageId: null, result: 'pass', defectType: null, occurredAt: tick(1) }, leader);
        }
        if (step === 'return') run('scan.moveOriginals', { eventId: newId(), volumeId, direction: 'out', occurredAt: tick(1) }, leader);
        const fields: Record<string, string> = step === 'scan' ? { scanner: 'A0 ブックスキャナ 1 号機' } : step === 'stitch' ? { software: 'Photoshop Photomerge' } : step === 'pdf_ocr' ? { ocrEngine: 'OCRmyPDF + tesseract jpn' } : {};
        run('scan.completeStep', { eventId: newId(), volumeId, stepKey: step, fields, occurredAt: tick(2 + (cursor % 3)) }, who);
        step = nextStep(defaultWorkflow, step, p.map ? 1 : 0);
      }
    }
  }
  // Work going on right now: the first volumes waiting at scan are open on the station.
  const atScan = processed - progress.at(-1)![0];
  for (let k = 0; k < 4; k++) run('scan.startStep', { eventId: newId(), volumeId: ids[atScan + k], stepKey: 'scan' }, asWorker(floor[k].id));
  const delivered = progress[0][0];
  run('scan.recordDelivery', { id: newId(), jobId, shipmentNo: 'S001', kind: 'delivered', fileCount: plan.slice(0, delivered).reduce((n, p) => n + p.pages, 0), volumeCount: delivered, manifestSha256: createHash('sha256').update(`ARCHIVE-01 S001`).digest('hex') }, leader);
}
