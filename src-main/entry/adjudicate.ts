// The leader's side of double entry: compare two blind keyings, resolve mismatches against the source image,
// move units through review, and the agreement rates that feed the quality record.
import { eq } from 'drizzle-orm';
import { newId } from '../../src-shared/core/ids';
import type { FeatureHandlers } from '../api/handlers';
import { actorOf } from '../api/context';
import type { CompareView, QualityLine } from '../../src-shared/entry/contract';
import { compareKeyings, mergeFinal, type RecordKey } from '../../src-shared/entry/compare';
import type { TemplateDef, Values } from '../../src-shared/entry/template';
import { compareValue } from '../../src-shared/entry/validate';
import type { Db } from '../store/open';
import { getBatch, batchTemplate, getUnit, keyingsOf, loadNames, pagesOf, resolutionsOf, toUnitView } from './queries';
import { entryKeyings, entryUnits } from './schema';
import { latestKeyings } from '../../src-shared/entry/rows';

const fieldsOf = (def: TemplateDef) => (key: RecordKey) => (key.endsWith(':0') ? def.header : def.row);

function valuesOf(map: ReadonlyMap<string, { values: Values }>): Map<RecordKey, Values> {
  return new Map([...map].map(([k, r]) => [k, r.values]));
}

export function compareView(db: Db, unitId: string): CompareView {
  const unit = getUnit(db, unitId);
  const batch = getBatch(db, unit.batchId);
  const template = batchTemplate(batch);
  const comparison = compareKeyings(fieldsOf(template.def), valuesOf(keyingsOf(db, unit.id, 1)), valuesOf(keyingsOf(db, unit.id, 2)));
  const resolutions: Record<string, string> = {};
  for (const [k, fields] of resolutionsOf(db, unit.id)) for (const [f, v] of Object.entries(fields)) resolutions[`${k}|${f}`] = v;
  const names = loadNames(db);
  return {
    unit: toUnitView(unit, names),
    template,
    pages: pagesOf(db, unit.pageIds),
    comparison,
    resolutions,
    keyer1Name: names.worker(unit.keyer1Id),
    keyer2Name: names.worker(unit.keyer2Id),
  };
}

interface Tally {
  compared: number;
  agreed: number;
}

export function qualityOf(db: Db, batchId: string): { byField: QualityLine[]; byWorker: QualityLine[] } {
  const batch = getBatch(db, batchId);
  const def = batchTemplate(batch).def;
  const labels = new Map([...def.header, ...def.row].map((f) => [f.key, f.label]));
  const names = loadNames(db);
  const byField = new Map<string, Tally>();
  const byWorker = new Map<string, Tally>();
  const tally = (m: Map<string, Tally>, k: string, ok: boolean) => {
    const t = m.get(k) ?? { compared: 0, agreed: 0 };
    t.compared++;
    if (ok) t.agreed++;
    m.set(k, t);
  };
  const units = db.select().from(entryUnits).where(eq(entryUnits.batchId, batchId)).all().filter((u) => u.submitted1 && u.submitted2 || u.status === 'verified' || u.status === 'accepted');
  for (const unit of units) {
    if (!unit.keyer1Id || !unit.keyer2Id) continue;
    const first = valuesOf(keyingsOf(db, unit.id, 1));
    const second = valuesOf(keyingsOf(db, unit.id, 2));
    const resolutions = resolutionsOf(db, unit.id);
    const cmp = compareKeyings(fieldsOf(def), first, second);
    for (const f of cmp.fields) {
      const t = byField.get(f.field) ?? { compared: 0, agreed: 0 };
      t.compared += f.compared;
      t.agreed += f.agreed;
      byField.set(f.field, t);
    }
    // A keyer is right where their value equals the final one (agreed, or what the leader chose from the image).
    for (const key of new Set([...first.keys(), ...second.keys()])) {
      const fields = fieldsOf(def)(key);
      const final = mergeFinal(fields, first.get(key) ?? {}, second.get(key) ?? {}, resolutions.get(key) ?? {});
      for (const field of fields) {
        if (field.hidden || final.unresolved.includes(field.key)) continue;
        const v = compareValue(field, final.values[field.key] ?? '');
        tally(byWorker, unit.keyer1Id, compareValue(field, first.get(key)?.[field.key] ?? '') === v);
        tally(byWorker, unit.keyer2Id, compareValue(field, second.get(key)?.[field.key] ?? '') === v);
      }
    }
  }
  const lines = (m: Map<string, Tally>, name: (k: string) => string): QualityLine[] =>
    [...m].map(([key, t]) => ({ key, name: name(key), compared: t.compared, agreed: t.agreed, rate: t.compared ? Math.round((t.agreed / t.compared) * 10000) / 10000 : 1 }));
  return { byField: lines(byField, (k) => labels.get(k) ?? k), byWorker: lines(byWorker, names.worker).sort((a, b) => a.rate - b.rate) };
}

export const adjudicateHandlers: Pick<FeatureHandlers<'entry.'>, 'entry.compare' | 'entry.resolve' | 'entry.review' | 'entry.quality'> = {
  'entry.compare': (input, { services }) => compareView(services.store.db, input.unitId),

  'entry.resolve': (input, ctx) => {
    const { db } = ctx.services.store;
    ctx.services.bus.execute('entry.resolve', { unitId: input.unitId, items: input.items.map((i) => ({ ...i, id: newId() })) }, actorOf(ctx));
    return compareView(db, input.unitId);
  },

  'entry.review': (input, ctx) => {
    const { db } = ctx.services.store;
    ctx.services.bus.execute('entry.review', { id: newId(), ...input }, actorOf(ctx));
    return toUnitView(getUnit(db, input.unitId), loadNames(db));
  },

  'entry.quality': (input, { services }) => qualityOf(services.store.db, input.batchId),
};

/** Every mismatch of a batch's double-keyed units in one pass over the batch's keyings (one indexed read). */
export function batchMismatches(db: Db, batchId: string): { records: number; mismatches: number; list: { unitId: string; key: string; field: string; first: string; second: string }[] } {
  const batch = getBatch(db, batchId);
  const def = batchTemplate(batch).def;
  const rows = db.select().from(entryKeyings).where(eq(entryKeyings.batchId, batchId)).all();
  const byUnit = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byUnit.get(r.unitId);
    if (list) list.push(r);
    else byUnit.set(r.unitId, [r]);
  }
  const list: { unitId: string; key: string; field: string; first: string; second: string }[] = [];
  let records = 0;
  for (const [unitId, unitRows] of byUnit) {
    const first = valuesOf(latestKeyings(unitRows.filter((r) => r.slot === 1)));
    const second = valuesOf(latestKeyings(unitRows.filter((r) => r.slot === 2)));
    if (second.size === 0) continue;
    const cmp = compareKeyings(fieldsOf(def), first, second);
    records += cmp.records;
    for (const m of cmp.mismatches) list.push({ unitId, ...m });
  }
  return { records, mismatches: list.length, list };
}
