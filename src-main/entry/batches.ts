// The leader's side: templates, batches made from delivered files, splitting into units and assigning them.
import fs from 'node:fs';
import path from 'node:path';
import { asc, desc, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import type { FeatureHandlers } from '../api/handlers';
import { actorOf } from '../api/context';
import type { BatchDetail } from '../../src-shared/entry/contract';
import { checkSourceFile, filesBeingStored, listDeliveryFolder, sourcePath, storeSourceFile, type CheckedFile } from './files';
import { appendUploadChunk, discardUpload, readUpload } from './uploads';
import type { Store } from '../store/open';
import { batchSummary, getBatch, getTemplate, getUnit, loadNames, progress, toTemplateView, toUnitView } from './queries';
import { entryBatches, entryPages, entrySources, entryTemplates, entryUnits } from './schema';
import type { Db } from '../store/open';
import { templateFromSheet, templateToSheet } from './template-sheet';

export function batchDetail(db: Db, batchId: string): BatchDetail {
  const batch = getBatch(db, batchId);
  const names = loadNames(db);
  const units = db.select().from(entryUnits).where(eq(entryUnits.batchId, batchId)).orderBy(asc(entryUnits.seq)).all();
  return {
    batch: batchSummary(db, batch),
    units: units.map((u) => toUnitView(u, names)),
    bySite: progress(units, (u) => [u.siteId], names.site),
    byWorker: progress(units, (u) => [u.keyer1Id, u.keyer2Id], names.worker),
  };
}

export const batchHandlers: Pick<
  FeatureHandlers<'entry.'>,
  | 'entry.listTemplates'
  | 'entry.saveTemplate'
  | 'entry.exportTemplate'
  | 'entry.importTemplate'
  | 'entry.listBatches'
  | 'entry.createBatch'
  | 'entry.uploadChunk'
  | 'entry.addFiles'
  | 'entry.batchDetail'
  | 'entry.splitUnits'
  | 'entry.assignUnit'
> = {
  'entry.listTemplates': (_input, { services }) =>
    services.store.db.select().from(entryTemplates).orderBy(asc(entryTemplates.code)).all().map(toTemplateView),

  'entry.saveTemplate': (input, ctx) => {
    ctx.services.bus.execute('entry.saveTemplate', input, actorOf(ctx));
    return getTemplate(ctx.services.store.db, input.id);
  },

  'entry.exportTemplate': async (input, { services }) => {
    const template = getTemplate(services.store.db, input.id);
    const data = await templateToSheet(template);
    return {
      fileName: `${template.code}.xlsx`,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: data.toString('base64'),
      unencodable: [],
    };
  },

  'entry.importTemplate': async (input, ctx) => {
    const parsed = await templateFromSheet(Buffer.from(input.base64, 'base64'));
    const { db } = ctx.services.store;
    // Importing a sheet whose code exists updates that template (the sheet is how templates are edited offline).
    const existing = db.select().from(entryTemplates).where(eq(entryTemplates.code, parsed.code)).get();
    const id = existing?.id ?? newId();
    ctx.services.bus.execute('entry.saveTemplate', { ...parsed, id, active: true }, actorOf(ctx));
    return getTemplate(db, id);
  },

  'entry.listBatches': (_input, { services }) => {
    const { db } = services.store;
    return db.select().from(entryBatches).orderBy(desc(entryBatches.createdAt)).all().map((b) => batchSummary(db, b));
  },

  'entry.uploadChunk': (input, { services }) => {
    const data = Buffer.from(input.base64, 'base64');
    return { received: appendUploadChunk(services.store, { uploadId: input.uploadId, offset: input.offset, total: input.total, data }) };
  },

  'entry.addFiles': async (input, ctx) => {
    const { store } = ctx.services;
    const batch = getBatch(store.db, input.batchId);
    const files = await storedFiles(store, async (keep) => {
      for (const u of input.uploads) keep(await checkSourceFile(u.fileName, readUpload(store, u.uploadId, u.bytes, u.fileName)));
    });
    try {
      ctx.services.bus.execute('entry.addSources', { batchId: batch.id, sources: files.map(sourceOf) }, actorOf(ctx));
    } finally {
      released(store, files);
    }
    for (const u of input.uploads) discardUpload(store, u.uploadId);
    return batchDetail(store.db, batch.id);
  },

  'entry.createBatch': async (input, ctx) => {
    const { store } = ctx.services;
    // Files first, one at a time (only one is ever held whole in memory): a batch row never points at bytes that
    // are not on disk.
    const files = await storedFiles(store, async (keep) => {
      for (const f of input.files) keep(await checkSourceFile(f.fileName, Buffer.from(f.base64, 'base64')));
      for (const u of input.uploads) keep(await checkSourceFile(u.fileName, readUpload(store, u.uploadId, u.bytes, u.fileName)));
      if (input.folder) {
        for (const file of listDeliveryFolder(input.folder)) keep(await checkSourceFile(path.basename(file), fs.readFileSync(file)));
      }
    });
    const id = newId();
    try {
      if (files.length === 0) throw new AppError('invalid_input', 'entry.errors.noFiles');
      const batch = { id, jobId: input.jobId, templateId: input.templateId, code: input.code, name: input.name, doubleEntry: input.doubleEntry };
      ctx.services.bus.execute('entry.createBatch', { ...batch, sources: files.map(sourceOf) }, actorOf(ctx));
    } finally {
      released(store, files);
    }
    for (const u of input.uploads) discardUpload(store, u.uploadId);
    return batchSummary(store.db, getBatch(store.db, id));
  },

  'entry.batchDetail': (input, { services }) => batchDetail(services.store.db, input.batchId),

  'entry.splitUnits': (input, ctx) => {
    const { db } = ctx.services.store;
    const batch = getBatch(db, input.batchId);
    const units = db.select().from(entryUnits).where(eq(entryUnits.batchId, batch.id)).all();
    const taken = new Set(units.flatMap((u) => u.pageIds));
    const free = db.select().from(entryPages).where(eq(entryPages.batchId, batch.id)).orderBy(asc(entryPages.seq)).all().filter((p) => !taken.has(p.id));
    if (free.length === 0) throw new AppError('conflict', 'entry.errors.nothingToSplit');
    const created: { id: string; label: string; pageIds: string[]; siteId: string | null; keyer1Id: string | null; keyer2Id: string | null; doubleEntry: boolean }[] = [];
    let n = units.length;
    for (let i = 0; i < free.length; i += input.pagesPerUnit) {
      const chunk = free.slice(i, i + input.pagesPerUnit);
      const who = input.assignees[created.length % input.assignees.length];
      n++;
      created.push({
        id: newId(),
        label: `${batch.code}-${String(n).padStart(3, '0')}`,
        pageIds: chunk.map((p) => p.id),
        siteId: who.siteId,
        keyer1Id: who.keyer1Id,
        keyer2Id: batch.doubleEntry ? who.keyer2Id : null,
        doubleEntry: batch.doubleEntry,
      });
    }
    ctx.services.bus.execute('entry.saveUnits', { batchId: batch.id, units: created }, actorOf(ctx));
    return batchDetail(db, batch.id);
  },

  'entry.assignUnit': (input, ctx) => {
    const { db } = ctx.services.store;
    const unit = getUnit(db, input.unitId);
    ctx.services.bus.execute(
      'entry.saveUnits',
      { batchId: unit.batchId, units: [{ id: unit.id, label: unit.label, pageIds: unit.pageIds, siteId: input.siteId, keyer1Id: input.keyer1Id, keyer2Id: input.keyer2Id, doubleEntry: input.doubleEntry ?? unit.doubleEntry }] },
      actorOf(ctx),
    );
    return toUnitView(getUnit(db, unit.id), loadNames(db));
  },
};

type StoredFile = Omit<CheckedFile, 'data'>;

/**
 * Runs `collect`, storing each checked file as it comes and keeping only what the batch command needs of it. When a
 * later file is refused, the ones stored by this call that no row names are removed again.
 */
async function storedFiles(store: Store, collect: (keep: (f: CheckedFile) => void) => Promise<void>): Promise<StoredFile[]> {
  const out: StoredFile[] = [];
  try {
    await collect((f) => {
      // Held from the sweep (src-main/files/transfers.ts) until the command names it or the call gives up.
      filesBeingStored.add(f.sha256);
      storeSourceFile(store, f);
      const { data: _stored, ...meta } = f;
      out.push(meta);
    });
  } catch (err) {
    released(store, out);
    throw err;
  }
  return out;
}

/** Ends the hold on files this call stored; those no row names after all (the command was refused) are removed. */
function released(store: Store, files: StoredFile[]): void {
  for (const f of files) {
    filesBeingStored.delete(f.sha256);
    const named = store.db.select({ id: entrySources.id }).from(entrySources).where(eq(entrySources.sha256, f.sha256)).get();
    if (!named) fs.rmSync(sourcePath(store, f.sha256), { force: true });
  }
}

/** A stored file as the batch command names it, with one page id per page. */
function sourceOf(f: StoredFile) {
  return { id: newId(), sha256: f.sha256, fileName: f.fileName, mime: f.mime, bytes: f.bytes, pageIds: Array.from({ length: f.pageCount }, () => newId()) };
}
