// Scan-station procedures: each write is one named command (or one batch of them) through the bus.
import { asc, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { actorOf, type HandlerContext } from '../api/context';
import type { FeatureHandlers } from '../api/handlers';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import { DEFAULT_NAMING_PATTERN } from '../../src-shared/scan/naming';
import type { ScanSettingsView } from '../../src-shared/scan/views';
import { defaultWorkflow } from '../../src-shared/scan/workflow';
import { jobs } from '../people/schema';
import type { Store } from '../store/open';
import { boardSummary } from './board';
import { checkImage } from './image-check';
import { cachedWorkedMinutes } from './worked-time-cache';
import { importHandlers } from './import-handlers';
import { exportVolumes } from './volume-export';
import { buildManifest } from './manifest';
import { qcQueue } from './qc';
import { findVolumeIdByCode, listScanJobs, listVolumes, nameLookup, pageHistory, volumeDetail } from './queries';
import { checkStepsInUse } from './workflow-guard';
import { scanDeliveries, scanPages, scanSettings, scanVolumes } from './schema';

function settingsOf(store: Store, jobId: string): ScanSettingsView {
  const row = store.db.select().from(scanSettings).where(eq(scanSettings.id, jobId)).get();
  if (row) {
    const { hlc: _h, fieldHlc: _f, operatorId: _o, id: _i, ...rest } = row;
    return { ...rest, saved: true };
  }
  // What a new job starts from: FADGI 3★ oversize maps ask ≥294 ppi; 400 ppi also meets NDL practice.
  return { jobId, qualityLevel: 'fadgi3', targetPpi: 400, colorMode: 'color24', fileFormat: 'tiff', namingPattern: DEFAULT_NAMING_PATTERN, workflow: defaultWorkflow, saved: false };
}

function detail(ctx: HandlerContext, volumeId: string) {
  return volumeDetail(ctx.services.store, volumeId, actorOf(ctx));
}

export const scanHandlers: FeatureHandlers<'scan.'> = {
  'scan.listJobs': (_input, { services }) => listScanJobs(services.store),
  'scan.getSettings': (input, { services }) => settingsOf(services.store, input.jobId),
  'scan.saveSettings': (input, ctx) => {
    checkStepsInUse(ctx.services.store, input.jobId, input.workflow);
    ctx.services.bus.execute('scan.saveSettings', input, actorOf(ctx));
    return settingsOf(ctx.services.store, input.jobId);
  },
  ...importHandlers,
  'scan.exportVolumes': async (input, ctx) => {
    const result = await exportVolumes(ctx.services.store, input, ctx.services.clock.now());
    if (result.file) ctx.services.bus.execute('audit.record', { id: newId(), action: 'scan.exportVolumes', targetId: input.jobId, details: { format: input.format, unencodable: result.unencodable.length } }, actorOf(ctx));
    return result;
  },
  'scan.addVolume': (input, ctx) => {
    const { jobId, ...volume } = input;
    const id = newId();
    ctx.services.bus.execute('scan.addVolumes', { jobId, volumes: [{ ...volume, id }] }, actorOf(ctx));
    return listVolumes(ctx.services.store, jobId).find((v) => v.id === id)!;
  },
  'scan.listVolumes': (input, { services }) => listVolumes(services.store, input.jobId, input.stepKey),
  'scan.lookup': (input, ctx) => detail(ctx, findVolumeIdByCode(ctx.services.store, input.code)),
  'scan.volume': (input, ctx) => detail(ctx, input.volumeId),
  'scan.registerPages': (input, ctx) => {
    const { db } = ctx.services.store;
    const existing = db.select({ pageNo: scanPages.pageNo }).from(scanPages).where(eq(scanPages.volumeId, input.volumeId)).all();
    const start = existing.reduce((m, p) => Math.max(m, p.pageNo), 0);
    if (input.mode === 'total') {
      if (input.count < existing.length) throw new AppError('conflict', 'scan.errors.pagesBelowRegistered', { count: input.count, registered: existing.length });
      if (input.count === existing.length) return detail(ctx, input.volumeId);
    }
    const adding = input.mode === 'total' ? input.count - existing.length : input.count;
    const composite = input.composite ?? { pages: 0, rows: 1, cols: 1 };
    const pages = Array.from({ length: adding }, (_, i) => {
      const isComposite = i < composite.pages;
      return { id: newId(), pageNo: start + i + 1, tileRows: isComposite ? composite.rows : 1, tileCols: isComposite ? composite.cols : 1 };
    });
    ctx.services.bus.execute('scan.registerPages', { volumeId: input.volumeId, eventId: newId(), pages }, actorOf(ctx));
    return detail(ctx, input.volumeId);
  },
  'scan.startStep': (input, ctx) => {
    ctx.services.bus.execute('scan.startStep', { ...input, eventId: newId(), fields: {} }, actorOf(ctx));
    return detail(ctx, input.volumeId);
  },
  'scan.completeStep': (input, ctx) => {
    ctx.services.bus.execute('scan.completeStep', { ...input, eventId: newId() }, actorOf(ctx));
    return detail(ctx, input.volumeId);
  },
  'scan.captureTiles': (input, ctx) => {
    const page = ctx.services.store.db.select().from(scanPages).where(eq(scanPages.id, input.pageId)).get();
    if (!page) throw new AppError('not_found', 'scan.errors.pageNotFound');
    ctx.services.bus.execute('scan.captureTiles', { pageId: input.pageId, tiles: input.tiles.map((t) => ({ ...t, id: newId() })) }, actorOf(ctx));
    return detail(ctx, page.volumeId);
  },
  'scan.moveOriginals': (input, ctx) => {
    ctx.services.bus.execute('scan.moveOriginals', { ...input, eventId: newId() }, actorOf(ctx));
    return detail(ctx, input.volumeId);
  },
  'scan.qcQueue': (input, { services }) => qcQueue(services.store, input.jobId, services.clock.now()),
  'scan.recordQc': (input, ctx) => {
    const id = newId();
    ctx.services.bus.execute('scan.recordQc', { ...input, id }, actorOf(ctx));
    return { id };
  },
  'scan.sendBack': (input, ctx) => {
    ctx.services.bus.execute('scan.sendBack', { ...input, eventId: newId() }, actorOf(ctx));
    return detail(ctx, input.volumeId);
  },
  'scan.completeRework': (input, ctx) => {
    const page = ctx.services.store.db.select().from(scanPages).where(eq(scanPages.id, input.pageId)).get();
    if (!page) throw new AppError('not_found', 'scan.errors.pageNotFound');
    ctx.services.bus.execute('scan.completeRework', { ...input, eventId: newId() }, actorOf(ctx));
    return detail(ctx, page.volumeId);
  },
  'scan.pageHistory': (input, { services }) => pageHistory(services.store, input.pageId),
  'scan.board': (input, { services }) => {
    const { store, clock } = services;
    const job = input.jobId ? store.db.select().from(jobs).where(eq(jobs.id, input.jobId)).get() : undefined;
    if (input.jobId && !job) throw new AppError('not_found', 'scan.errors.jobNotFound');
    const name = nameLookup(store);
    return boardSummary(store, {
      jobId: input.jobId,
      now: clock.now(),
      dueDate: job?.dueDate ?? null,
      workedMinutes: input.jobId ? cachedWorkedMinutes(services, input.jobId) : null,
      workerName: (id) => name(id) ?? '—',
    });
  },
  'scan.slips': async (input, { services }) => {
    const volumes = services.store.db.select().from(scanVolumes).where(eq(scanVolumes.jobId, input.jobId)).orderBy(asc(scanVolumes.volumeNo)).all();
    return Promise.all(
      volumes.map(async (v) => ({
        volumeId: v.id,
        code: v.code,
        volumeNo: v.volumeNo,
        title: v.title,
        shelfNo: v.shelfNo,
        expectedPages: v.expectedPages,
        qrSvg: await QRCode.toString(v.code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      })),
    );
  },
  'scan.buildManifest': (input, { services }) => buildManifest(services.store, input.jobId, input.folder, input.shipmentNo),
  'scan.recordDelivery': (input, ctx) => {
    ctx.services.bus.execute('scan.recordDelivery', { ...input, id: newId() }, actorOf(ctx));
    return listDeliveries(ctx.services.store, input.jobId);
  },
  'scan.listDeliveries': (input, { services }) => listDeliveries(services.store, input.jobId),
  'scan.checkImage': async (input, { services }) => {
    const settings = settingsOf(services.store, input.jobId);
    try {
      return await checkImage(input.path, settings, input.sheetWidthMm);
    } catch {
      throw new AppError('invalid_input', 'scan.errors.imageUnreadable', { file: input.path });
    }
  },
};

function listDeliveries(store: Store, jobId: string) {
  return store.db
    .select({ id: scanDeliveries.id, shipmentNo: scanDeliveries.shipmentNo, kind: scanDeliveries.kind, fileCount: scanDeliveries.fileCount, volumeCount: scanDeliveries.volumeCount, manifestSha256: scanDeliveries.manifestSha256, at: scanDeliveries.at })
    .from(scanDeliveries)
    .where(eq(scanDeliveries.jobId, jobId))
    .orderBy(asc(scanDeliveries.at))
    .all();
}
