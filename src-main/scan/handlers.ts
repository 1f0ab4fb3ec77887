// Scan-station procedures: each write is one named command (or one batch of them) through the bus.
import { asc, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { actorOf, type HandlerContext } from '../api/context';
import type { FeatureHandlers } from '../api/handlers';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import { checkImportRows } from '../../src-shared/scan/import-rows';
import { DEFAULT_NAMING_PATTERN } from '../../src-shared/scan/naming';
import type { ImportPreview, ScanSettingsView } from '../../src-shared/scan/views';
import { defaultWorkflow } from '../../src-shared/scan/workflow';
import { jobs } from '../people/schema';
import type { Store } from '../store/open';
import { boardSummary } from './board';
import { checkImage } from './image-check';
import { cachedWorkedMinutes } from './worked-time-cache';
import { decodeVolumeList } from './import-file';
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

async function preview(store: Store, input: { jobId: string; fileName: string; dataBase64: string }) {
  const decoded = await decodeVolumeList(input.fileName, Buffer.from(input.dataBase64, 'base64'));
  const existing = store.db.select({ no: scanVolumes.volumeNo }).from(scanVolumes).where(eq(scanVolumes.jobId, input.jobId)).all().map((v) => v.no);
  const report = checkImportRows(decoded.rows, existing);
  const issues = [...report.issues];
  // Headers that match nothing usually mean the bytes were read in the wrong encoding.
  if (report.missingColumns.length > 0 && decoded.encoding !== 'xlsx') issues.unshift({ line: 1, messageKey: 'scan.import.checkEncoding', params: { encoding: decoded.encoding } });
  const view: ImportPreview = {
    encoding: decoded.encoding,
    missingColumns: report.missingColumns,
    columns: Object.keys(report.columns) as ImportPreview['columns'],
    totalRows: report.totalRows,
    goodRows: report.good.length,
    issues,
    sample: report.good.slice(0, 20).map((g) => ({ line: g.line, volumeNo: g.volumeNo, title: g.title, expectedPages: g.expectedPages, format: g.format })),
  };
  return { view, report };
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
  'scan.previewImport': async (input, { services }) => (await preview(services.store, input)).view,
  'scan.commitImport': async (input, ctx) => {
    const { view, report } = await preview(ctx.services.store, input);
    const blocked = view.missingColumns.length > 0 || (view.issues.length > 0 && !input.goodOnly) || report.good.length === 0;
    if (blocked) return { ...view, imported: 0 };
    const actor = actorOf(ctx);
    const items = [];
    for (let i = 0; i < report.good.length; i += 500) {
      const volumes = report.good.slice(i, i + 500).map(({ line: _line, ...v }) => ({ ...v, id: newId() }));
      items.push({ name: 'scan.addVolumes', input: { jobId: input.jobId, volumes }, actor });
    }
    // All chunks in one transaction: a list is imported whole or not at all.
    ctx.services.bus.executeAll(items);
    return { ...view, imported: report.good.length };
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
