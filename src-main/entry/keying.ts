// The keyer's side: open a unit (own slot only — blind), save drafts on every change, commit rows, submit.
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import type { FeatureHandlers } from '../api/handlers';
import { actorOf, type HandlerContext } from '../api/context';
import { recordKey } from '../../src-shared/entry/compare';
import { isKeyable } from '../../src-shared/entry/review';
import { HEADER_ROW } from '../../src-shared/entry/template';
import { entryDateContext, validateRow } from '../../src-shared/entry/validate';
import { jstDate } from '../../src-shared/core/time';
import { jobs } from '../people/schema';
import { readSourceFile } from './files';
import { getBatch, batchTemplate, getUnit, keyingsOf, loadNames, pagesOf, toUnitView } from './queries';
import { entryBatches, entryDrafts, entryPages, entrySources, entryTemplates, entryUnits } from './schema';

type UnitRow = typeof entryUnits.$inferSelect;

/**
 * Which keying the caller may see. A worker sees only the slot assigned to them — never the other keyer's
 * values (blind double entry is enforced here, at the API, not in the UI). Staff name the slot they key.
 */
export function slotFor(ctx: HandlerContext, unit: UnitRow, requested?: 1 | 2): 1 | 2 {
  const workerId = ctx.session?.workerId ?? null;
  if (workerId) {
    const mine: (1 | 2)[] = [];
    if (unit.keyer1Id === workerId) mine.push(1);
    if (unit.keyer2Id === workerId) mine.push(2);
    if (mine.length === 0 || (requested && !mine.includes(requested))) throw new AppError('forbidden', 'entry.errors.notYourUnit');
    return requested ?? mine[0];
  }
  return requested ?? 1;
}

function ownerOf(ctx: HandlerContext): string {
  return ctx.session?.workerId ?? ctx.session?.staffId ?? 'kiosk';
}

export const keyingHandlers: Pick<
  FeatureHandlers<'entry.'>,
  'entry.myUnits' | 'entry.openUnit' | 'entry.pageImage' | 'entry.saveDraft' | 'entry.keyRow' | 'entry.submitKeying'
> = {
  'entry.myUnits': (_input, ctx) => {
    const { db } = ctx.services.store;
    const me = ctx.session?.workerId;
    if (!me) return [];
    const names = loadNames(db);
    const units = [
      ...db.select().from(entryUnits).where(eq(entryUnits.keyer1Id, me)).all(),
      ...db.select().from(entryUnits).where(eq(entryUnits.keyer2Id, me)).all(),
    ];
    const batches = new Map(db.select().from(entryBatches).all().map((b) => [b.id, b]));
    const templates = new Map(db.select({ id: entryTemplates.id, name: entryTemplates.name }).from(entryTemplates).all().map((t) => [t.id, t.name]));
    return units
      // A unit whose batch is not on this PC belongs to center-only work: a loaned PC holds only home jobs' material
      // (decision 0116), so it is not offered here.
      .filter((u) => batches.has(u.batchId))
      .map((u) => {
        const slot: 1 | 2 = u.keyer1Id === me ? 1 : 2;
        const batch = batches.get(u.batchId);
        return {
          ...toUnitView(u, names),
          batchName: batch?.name ?? '',
          // The batch carries its template's name: a loaned PC holds no template registry.
          templateName: templates.get(batch?.templateId ?? '') ?? batch?.templateName ?? '',
          slot,
          submitted: slot === 1 ? u.submitted1 : u.submitted2,
        };
      })
      .sort((a, b) => Number(a.submitted) - Number(b.submitted) || a.batchName.localeCompare(b.batchName) || a.seq - b.seq);
  },

  'entry.openUnit': (input, ctx) => {
    const { db } = ctx.services.store;
    const unit = getUnit(db, input.unitId);
    const slot = slotFor(ctx, unit, input.slot);
    const batch = getBatch(db, unit.batchId);
    const template = batchTemplate(batch);
    const rows: Record<string, Record<string, string>> = {};
    for (const [k, r] of keyingsOf(db, unit.id, slot)) rows[k] = r.values;
    const drafts = db
      .select()
      .from(entryDrafts)
      .where(and(eq(entryDrafts.unitId, unit.id), eq(entryDrafts.slot, slot), eq(entryDrafts.ownerId, ownerOf(ctx))))
      .all();
    const draftKeys: string[] = [];
    for (const d of drafts) {
      const k = recordKey(d.pageId, d.rowNo);
      rows[k] = d.values;
      draftKeys.push(k);
    }
    const submitted = slot === 1 ? unit.submitted1 : unit.submitted2;
    const job = db.select({ startDate: jobs.startDate }).from(jobs).where(eq(jobs.id, batch.jobId)).get();
    return {
      dateContext: entryDateContext(job?.startDate, jstDate(ctx.services.clock.now())),
      unit: toUnitView(unit, loadNames(db)),
      batchName: batch.name,
      slot,
      submitted,
      keyable: isKeyable(unit.status) && !submitted,
      template,
      pages: pagesOf(db, unit.pageIds),
      rows,
      draftKeys,
    };
  },

  'entry.pageImage': (input, ctx) => {
    const { db } = ctx.services.store;
    const page = db.select().from(entryPages).where(eq(entryPages.id, input.pageId)).get();
    if (!page) throw new AppError('not_found', 'entry.errors.pageNotFound');
    // Workers see only pages of units assigned to them.
    const workerId = ctx.session?.workerId;
    if (workerId && ctx.role === 'worker') {
      const units = db.select().from(entryUnits).where(eq(entryUnits.batchId, page.batchId)).all();
      if (!units.some((u) => u.pageIds.includes(page.id) && (u.keyer1Id === workerId || u.keyer2Id === workerId))) {
        throw new AppError('forbidden', 'entry.errors.notYourUnit');
      }
    }
    const source = db.select().from(entrySources).where(eq(entrySources.id, page.sourceId)).get();
    if (!source) throw new AppError('not_found', 'entry.errors.sourceMissing');
    return { mime: source.mime, base64: readSourceFile(ctx.services.store, source.sha256).toString('base64'), pageIndex: page.pageIndex };
  },

  // Fast path: a plain local upsert, no command, no upload queue — the draft is this device's alone. The keyed
  // record becomes a named command when the keyer leaves the row (entry.keyRow).
  'entry.saveDraft': (input, ctx) => {
    const { db, sqlite } = ctx.services.store;
    const unit = getUnit(db, input.unitId);
    slotFor(ctx, unit, input.slot);
    if (!unit.pageIds.includes(input.pageId)) throw new AppError('invalid_input', 'entry.errors.pageNotInUnit');
    const savedAt = ctx.services.clock.now();
    const row = { unitId: input.unitId, slot: input.slot, pageId: input.pageId, rowNo: input.rowNo, ownerId: ownerOf(ctx), values: input.values, savedAt };
    sqlite.transaction(() => {
      db.insert(entryDrafts)
        .values(row)
        .onConflictDoUpdate({ target: [entryDrafts.unitId, entryDrafts.slot, entryDrafts.pageId, entryDrafts.rowNo], set: { values: row.values, savedAt, ownerId: row.ownerId } })
        .run();
    })();
    return { savedAt };
  },

  'entry.keyRow': (input, ctx) => {
    const { db } = ctx.services.store;
    const unit = getUnit(db, input.unitId);
    slotFor(ctx, unit, input.slot);
    const batch = getBatch(db, unit.batchId);
    const def = batchTemplate(batch).def;
    const job = db.select({ startDate: jobs.startDate }).from(jobs).where(eq(jobs.id, batch.jobId)).get();
    const id = newId();
    ctx.services.bus.execute('entry.keyRow', { id, ...input }, actorOf(ctx));
    // The command is durable now; the draft has done its job.
    db.delete(entryDrafts)
      .where(and(eq(entryDrafts.unitId, input.unitId), eq(entryDrafts.slot, input.slot), eq(entryDrafts.pageId, input.pageId), eq(entryDrafts.rowNo, input.rowNo)))
      .run();
    return { id, issues: validateRow(def, input.rowNo, input.values, entryDateContext(job?.startDate, jstDate(ctx.services.clock.now()))) };
  },

  'entry.submitKeying': (input, ctx) => {
    const { db } = ctx.services.store;
    const unit = getUnit(db, input.unitId);
    slotFor(ctx, unit, input.slot);
    const pending = db.select().from(entryDrafts).where(and(eq(entryDrafts.unitId, unit.id), eq(entryDrafts.slot, input.slot))).all();
    if (pending.length > 0) throw new AppError('conflict', 'entry.errors.draftsPending', { count: pending.length });
    ctx.services.bus.execute('entry.submitKeying', input, actorOf(ctx));
    return toUnitView(getUnit(db, unit.id), loadNames(db));
  },
};

export { HEADER_ROW };
