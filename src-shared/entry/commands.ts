// Named commands of data entry. Pure rules: the device runs them, HQ runs them again on its own store.
import { z } from 'zod';
import { defineCommand, type CommandActor, type EntityReader, type Effect } from '../commands/define';
import { reject } from '../core/errors';
import type { Role } from '../core/roles';
import { compareKeyings, mergeFinal, recordKey } from './compare';
import { canTransition, isKeyable } from './review';
import type { EntryBatchRow, EntryKeyingRow, EntryPageRow, EntryResolutionRow, EntryTemplateRow, EntryUnitRow } from './rows';
import { latestKeyings } from './rows';
import { batchInput, idSchema, keyRowInput, resolveInput, reviewInput, templateInput, unitInput } from './schemas';
import { HEADER_ROW, allFields, type TemplateDef } from './template';
import { checkTemplate, entryDateContext, validateRow } from './validate';
import { jstDate } from '../core/time';
import { withFields } from '../core/objects';

const designers: readonly Role[] = ['admin', 'manager', 'director'];
const leads: readonly Role[] = ['admin', 'manager', 'director', 'leader'];
const keyers: readonly Role[] = ['leader', 'worker', 'admin', 'manager', 'director'];

function batchOf(reader: EntityReader, id: string): EntryBatchRow {
  return reader.get<EntryBatchRow & { id: string }>('entryBatches', id) ?? reject('entry.errors.batchNotFound');
}
function unitOf(reader: EntityReader, id: string): EntryUnitRow {
  return reader.get<EntryUnitRow>('entryUnits', id) ?? reject('entry.errors.unitNotFound');
}
/** The batch's own copy of its template (see EntryBatchRow.def). */
export function templateOf(_reader: EntityReader, batch: EntryBatchRow): TemplateDef {
  return batch.def;
}

/** A worker may key only the slot assigned to them; staff may key any slot (e.g. to finish a unit). */
export function assertKeyer(actor: CommandActor, unit: EntryUnitRow, slot: 1 | 2): void {
  if (!actor.workerId) return;
  const assigned = slot === 1 ? unit.keyer1Id : unit.keyer2Id;
  if (assigned !== actor.workerId) reject('entry.errors.notYourUnit');
}

/**
 * Keying away from a center (a loaned PC: no site) only for a job that allows home work (decision 0124). The loaned PC
 * no longer holds a center-only job's units, so this is HQ's answer to a device that claims one anyway.
 */
function assertKeyableHere(reader: EntityReader, meta: { siteId: string | null }, jobId: string): void {
  if (meta.siteId !== null) return;
  const job = reader.get<{ id: string; name: string; restriction: string }>('jobs', jobId);
  if (job?.restriction !== 'home_allowed') reject('entry.errors.centerOnlyJob', { job: job?.name ?? '' });
}

export const saveTemplate = defineCommand({
  name: 'entry.saveTemplate',
  input: templateInput,
  roles: designers,
  decide({ reader, meta }, input) {
    const problems = checkTemplate(input.def);
    if (problems.length > 0) reject(problems[0].messageKey, problems[0].params);
    const same = reader.find<EntryTemplateRow>('entryTemplates', { code: input.code });
    if (same.some((t) => t.id !== input.id)) reject('entry.errors.templateCodeTaken', { code: input.code });
    return [{ op: 'patch', table: 'entryTemplates', id: input.id, fields: { ...input, operatorId: meta.operatorId }, hlc: meta.hlc }];
  },
});

/**
 * A file is named by its hash; one hash names one size (HQ relays the file by the size its rows give, decision 0120).
 * A row naming a known hash with another size is refused, as is one batch naming it twice with two sizes.
 */
function assertSizesAgree(reader: EntityReader, sources: z.output<typeof batchInput>['sources']): void {
  const sizes = new Map<string, number>();
  for (const s of sources) {
    const known = sizes.get(s.sha256) ?? reader.find<{ id: string; bytes: number }>('entrySources', { sha256: s.sha256 })[0]?.bytes;
    if (known !== undefined && known !== s.bytes) reject('entry.errors.sourceSizeMismatch', { file: s.fileName });
    sizes.set(s.sha256, s.bytes);
  }
}

function sourceEffects(meta: { operatorId: string; deviceTime: number }, batch: { id: string; jobId: string }, sources: z.output<typeof batchInput>['sources'], firstSeq: number): Effect[] {
  const effects: Effect[] = [];
  let seq = firstSeq;
  for (const s of sources) {
    const { pageIds, ...file } = s;
    effects.push({
      op: 'insert',
      table: 'entrySources',
      row: { ...file, operatorId: meta.operatorId, jobId: batch.jobId, batchId: batch.id, pageCount: pageIds.length, addedAt: meta.deviceTime },
    });
    pageIds.forEach((pageId, pageIndex) => {
      effects.push({
        op: 'insert',
        table: 'entryPages',
        row: { id: pageId, operatorId: meta.operatorId, jobId: batch.jobId, batchId: batch.id, sourceId: s.id, pageIndex, seq: seq++ },
      });
    });
  }
  return effects;
}

export const createBatch = defineCommand({
  name: 'entry.createBatch',
  input: batchInput,
  roles: leads,
  decide({ reader, meta }, input) {
    if (!reader.get('jobs', input.jobId)) reject('entry.errors.jobNotFound');
    const template = reader.get<EntryTemplateRow>('entryTemplates', input.templateId) ?? reject('entry.errors.templateNotFound');
    if (!template.active) reject('entry.errors.templateInactive');
    if (reader.get('entryBatches', input.id)) reject('entry.errors.batchExists');
    const { sources, ...batch } = input;
    assertSizesAgree(reader, sources);
    return [
      {
        op: 'patch',
        table: 'entryBatches',
        id: input.id,
        fields: { ...batch, templateName: template.name, templateKind: template.kind, def: template.def, operatorId: meta.operatorId, createdAt: meta.deviceTime },
        hlc: meta.hlc,
      },
      ...sourceEffects(meta, input, sources, 1),
    ];
  },
});

export const addSources = defineCommand({
  name: 'entry.addSources',
  input: z.object({ batchId: idSchema, sources: batchInput.shape.sources.min(1) }),
  roles: leads,
  decide({ reader, meta }, input) {
    const batch = batchOf(reader, input.batchId);
    const pages = reader.find<EntryPageRow>('entryPages', { batchId: batch.id });
    const next = pages.reduce((m, p) => Math.max(m, p.seq), 0) + 1;
    assertSizesAgree(reader, input.sources);
    return sourceEffects(meta, batch, input.sources, next);
  },
});

export const saveUnits = defineCommand({
  name: 'entry.saveUnits',
  input: z.object({ batchId: idSchema, units: z.array(unitInput).min(1).max(2000) }),
  roles: leads,
  decide({ reader, meta }, input) {
    const batch = batchOf(reader, input.batchId);
    const pages = new Map(reader.find<EntryPageRow>('entryPages', { batchId: batch.id }).map((p) => [p.id, p]));
    const existing = reader.find<EntryUnitRow>('entryUnits', { batchId: batch.id });
    const owner = new Map<string, string>();
    for (const u of existing) for (const p of u.pageIds) owner.set(p, u.id);
    let seq = existing.reduce((m, u) => Math.max(m, u.seq), 0);
    const effects: Effect[] = [];
    for (const unit of input.units) {
      const prev = existing.find((u) => u.id === unit.id);
      if (prev && !isKeyable(prev.status)) reject('entry.errors.unitLocked', { label: prev.label });
      if (unit.keyer1Id && unit.keyer1Id === unit.keyer2Id) reject('entry.errors.sameKeyerTwice', { label: unit.label });
      const double = unit.doubleEntry ?? prev?.doubleEntry ?? batch.doubleEntry;
      if (!double && unit.keyer2Id) reject('entry.errors.noSecondKeying');
      for (const id of [unit.keyer1Id, unit.keyer2Id]) if (id && !reader.get('workers', id)) reject('entry.errors.workerNotFound');
      if (unit.siteId && !reader.get('sites', unit.siteId)) reject('entry.errors.siteNotFound');
      for (const p of unit.pageIds) {
        if (!pages.has(p)) reject('entry.errors.pageNotInBatch');
        const o = owner.get(p);
        if (o && o !== unit.id) reject('entry.errors.pageTaken', { label: unit.label });
        owner.set(p, unit.id);
      }
      effects.push({
        op: 'put',
        table: 'entryUnits',
        row: {
          id: unit.id,
          operatorId: meta.operatorId,
          jobId: batch.jobId,
          batchId: batch.id,
          seq: prev?.seq ?? ++seq,
          label: unit.label,
          pageIds: unit.pageIds,
          siteId: unit.siteId,
          keyer1Id: unit.keyer1Id,
          keyer2Id: unit.keyer2Id,
          doubleEntry: double,
          status: prev?.status ?? 'open',
          submitted1: prev?.submitted1 ?? false,
          submitted2: prev?.submitted2 ?? false,
          note: prev?.note ?? '',
          updatedAt: meta.deviceTime,
          hlc: meta.hlc,
        },
      });
    }
    return effects;
  },
});

export const keyRow = defineCommand({
  name: 'entry.keyRow',
  input: keyRowInput,
  roles: keyers,
  decide({ reader, actor, meta }, input) {
    const unit = unitOf(reader, input.unitId);
    const batch = batchOf(reader, unit.batchId);
    const def = templateOf(reader, batch);
    if (!isKeyable(unit.status)) reject('entry.errors.unitLocked', { label: unit.label });
    if (input.slot === 2 && !unit.doubleEntry) reject('entry.errors.noSecondKeying');
    assertKeyer(actor, unit, input.slot);
    assertKeyableHere(reader, meta, batch.jobId);
    if ((input.slot === 1 ? unit.submitted1 : unit.submitted2) && unit.status === 'open') reject('entry.errors.alreadySubmitted');
    if (!unit.pageIds.includes(input.pageId)) reject('entry.errors.pageNotInUnit');
    if (input.rowNo > def.rowsPerPage) reject('entry.errors.rowOutOfRange');
    const known = new Set((input.rowNo === HEADER_ROW ? def.header : def.row).map((f) => f.key));
    const unknown = Object.keys(input.values).filter((k) => !known.has(k));
    if (unknown.length) reject('entry.errors.unknownFields', { keys: unknown.join(', ') });
    return [
      {
        op: 'insert',
        table: 'entryKeyings',
        row: withFields(input, { operatorId: meta.operatorId, jobId: batch.jobId, batchId: batch.id, workerId: actor.workerId, at: meta.deviceTime, hlc: meta.hlc }),
      },
    ];
  },
});

function unitPut(unit: EntryUnitRow, changes: Partial<EntryUnitRow>, meta: { deviceTime: number; hlc: string }): Effect {
  // Object.assign, not spread: see withFields.
  const row: EntryUnitRow = Object.assign({}, unit, changes, { updatedAt: meta.deviceTime, hlc: meta.hlc });
  return { op: 'put', table: 'entryUnits', row: { ...row } };
}

export const submitKeying = defineCommand({
  name: 'entry.submitKeying',
  input: z.object({ unitId: idSchema, slot: z.union([z.literal(1), z.literal(2)]) }),
  roles: keyers,
  decide({ reader, actor, meta }, input) {
    const unit = unitOf(reader, input.unitId);
    const batch = batchOf(reader, unit.batchId);
    const def = templateOf(reader, batch);
    if (!isKeyable(unit.status)) reject('entry.errors.unitLocked', { label: unit.label });
    assertKeyer(actor, unit, input.slot);
    assertKeyableHere(reader, meta, batch.jobId);
    const rows = latestKeyings(reader.find<EntryKeyingRow>('entryKeyings', { unitId: unit.id, slot: input.slot }));
    const job = reader.get<{ id: string; startDate: string | null }>('jobs', batch.jobId);
    const dates = entryDateContext(job?.startDate, jstDate(meta.deviceTime));
    // Every page needs its header (a form without header fields has none to key); field errors block, cross-row
    // warnings (the paper's own mistakes) do not.
    if (def.header.some((f) => !f.hidden)) {
      for (const pageId of unit.pageIds) {
        const header = rows.get(recordKey(pageId, HEADER_ROW));
        if (!header) reject('entry.errors.pageNotKeyed', { page: unit.pageIds.indexOf(pageId) + 1 });
      }
    }
    for (const r of rows.values()) {
      const errors = validateRow(def, r.rowNo, r.values, dates).filter((i) => i.severity === 'error');
      if (errors.length) reject('entry.errors.rowHasErrors', { page: unit.pageIds.indexOf(r.pageId) + 1, row: r.rowNo });
    }
    const submitted1 = input.slot === 1 ? true : unit.submitted1;
    const submitted2 = input.slot === 2 ? true : unit.submitted2;
    const done = submitted1 && (!unit.doubleEntry || submitted2);
    return [unitPut(unit, { submitted1, submitted2, status: done ? 'keyed' : unit.status }, meta)];
  },
});

/** Mismatches between the two keyings of a unit that no resolution has settled yet. */
export function unresolvedCount(reader: EntityReader, unit: EntryUnitRow, def: TemplateDef): number {
  const first = latestKeyings(reader.find<EntryKeyingRow>('entryKeyings', { unitId: unit.id, slot: 1 }));
  const second = latestKeyings(reader.find<EntryKeyingRow>('entryKeyings', { unitId: unit.id, slot: 2 }));
  const resolutions = new Map<string, Record<string, string>>();
  for (const r of reader.find<EntryResolutionRow>('entryResolutions', { unitId: unit.id }).sort((a, b) => (a.hlc < b.hlc ? -1 : 1))) {
    const k = recordKey(r.pageId, r.rowNo);
    resolutions.set(k, { ...resolutions.get(k), [r.field]: r.value });
  }
  const keys = new Set([...first.keys(), ...second.keys()]);
  let open = 0;
  for (const k of keys) {
    const fields = k.endsWith(':0') ? def.header : def.row;
    open += mergeFinal(fields, first.get(k)?.values ?? {}, second.get(k)?.values ?? {}, resolutions.get(k) ?? {}).unresolved.length;
  }
  return open;
}

export const resolveMismatches = defineCommand({
  name: 'entry.resolve',
  input: resolveInput,
  roles: leads,
  decide({ reader, actor, meta }, input) {
    const unit = unitOf(reader, input.unitId);
    const batch = batchOf(reader, unit.batchId);
    const def = templateOf(reader, batch);
    if (unit.status !== 'keyed') reject('entry.errors.notKeyed');
    const fields = new Set(allFields(def).map((f) => f.key));
    return input.items.map((item) => {
      if (!unit.pageIds.includes(item.pageId)) reject('entry.errors.pageNotInUnit');
      if (!fields.has(item.field)) reject('entry.errors.unknownFields', { keys: item.field });
      return {
        op: 'insert' as const,
        table: 'entryResolutions',
        row: withFields(item, { operatorId: meta.operatorId, jobId: batch.jobId, batchId: batch.id, unitId: unit.id, byId: actor.staffId ?? actor.workerId, at: meta.deviceTime, hlc: meta.hlc }),
      };
    });
  },
});

export const reviewUnit = defineCommand({
  name: 'entry.review',
  input: reviewInput,
  roles: leads,
  decide({ reader, actor, meta }, input) {
    const unit = unitOf(reader, input.unitId);
    const batch = batchOf(reader, unit.batchId);
    if (!canTransition(unit.status, input.to)) reject('entry.errors.badTransition', { from: unit.status, to: input.to });
    if (input.to === 'keyed') reject('entry.errors.badTransition', { from: unit.status, to: input.to });
    if (input.to === 'sent_back' && !input.note) reject('entry.errors.noteRequired');
    if (input.to === 'verified' && unit.doubleEntry) {
      const open = unresolvedCount(reader, unit, templateOf(reader, batch));
      if (open > 0) reject('entry.errors.unresolved', { count: open });
    }
    const back = input.to === 'sent_back';
    return [
      unitPut(unit, { status: input.to, note: input.note, ...(back ? { submitted1: false, submitted2: false } : {}) }, meta),
      {
        op: 'insert',
        table: 'entryReviews',
        row: { id: input.id, operatorId: meta.operatorId, jobId: batch.jobId, unitId: unit.id, fromStatus: unit.status, toStatus: input.to, note: input.note, byId: actor.staffId ?? actor.workerId, at: meta.deviceTime, hlc: meta.hlc },
      },
    ];
  },
});

export const entryCommands = [saveTemplate, createBatch, addSources, saveUnits, keyRow, submitKeying, resolveMismatches, reviewUnit];

export { compareKeyings };
