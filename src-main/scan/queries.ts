// Read models of the scan station: jobs, volume lists, one volume with its next step, page history.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CommandActor } from '../../src-shared/commands/define';
import { AppError } from '../../src-shared/core/errors';
import { workerDisplayName } from '../../src-shared/people/rows';
import { volumeFacts, stepActor, workflowOf } from '../../src-shared/scan/facts';
import { isComposite } from '../../src-shared/scan/composites';
import type { ScanJobView, VolumeDetail, VolumeEventView, VolumeListItem } from '../../src-shared/scan/views';
import { canComplete, canStart, stepDef, DONE, type RuleResult } from '../../src-shared/scan/workflow';
import { isAppError } from '../../src-shared/core/errors';
import { createLocalReader } from '../store/effects';
import type { Store } from '../store/open';
import { jobs, staff, workers } from '../people/schema';
import { scanEvents, scanPages, scanQcResults, scanSettings, scanTiles, scanVolumeStates, scanVolumes } from './schema';

export function nameLookup(store: Store): (id: string | null) => string | null {
  const names = new Map<string, string>();
  for (const w of store.db.select().from(workers).all()) names.set(w.id, `${workerDisplayName(w)}（${w.code}）`);
  for (const s of store.db.select().from(staff).all()) names.set(s.id, `${s.familyName} ${s.givenName}`);
  return (id) => (id ? (names.get(id) ?? null) : null);
}

export function listScanJobs(store: Store): ScanJobView[] {
  const rows = store.db.select().from(jobs).where(eq(jobs.kind, 'scan')).orderBy(asc(jobs.code)).all();
  const totals = store.sqlite
    .prepare('SELECT job_id AS jobId, count(*) AS volumes, sum(expected_pages) AS pages FROM scan_volumes GROUP BY job_id')
    .all() as { jobId: string; volumes: number; pages: number }[];
  const saved = new Set(store.db.select({ id: scanSettings.id }).from(scanSettings).all().map((s) => s.id));
  return rows.map((j) => {
    const t = totals.find((x) => x.jobId === j.id);
    return { id: j.id, code: j.code, name: j.name, clientName: j.clientName, volumes: t?.volumes ?? 0, pages: t?.pages ?? 0, hasSettings: saved.has(j.id) };
  });
}

export function listVolumes(store: Store, jobId: string, stepKey?: string): VolumeListItem[] {
  const name = nameLookup(store);
  const where = stepKey ? and(eq(scanVolumes.jobId, jobId), eq(scanVolumeStates.stepKey, stepKey as never)) : eq(scanVolumes.jobId, jobId);
  return store.db
    .select({
      id: scanVolumes.id,
      code: scanVolumes.code,
      volumeNo: scanVolumes.volumeNo,
      title: scanVolumes.title,
      expectedPages: scanVolumes.expectedPages,
      pageCount: scanVolumeStates.pageCount,
      stepKey: scanVolumeStates.stepKey,
      status: scanVolumeStates.status,
      workerId: scanVolumeStates.workerId,
    })
    .from(scanVolumes)
    .innerJoin(scanVolumeStates, eq(scanVolumeStates.id, scanVolumes.id))
    .where(where)
    .orderBy(asc(scanVolumes.volumeNo))
    .all()
    .map(({ workerId, ...v }) => ({ ...v, workerName: name(workerId) }));
}

function eventViews(store: Store, rows: (typeof scanEvents.$inferSelect)[]): VolumeEventView[] {
  const name = nameLookup(store);
  const pageIds = [...new Set(rows.map((r) => r.pageId).filter((p): p is string => !!p))];
  const pageNos = new Map(
    pageIds.length ? store.db.select({ id: scanPages.id, pageNo: scanPages.pageNo }).from(scanPages).where(inArray(scanPages.id, pageIds)).all().map((p) => [p.id, p.pageNo]) : [],
  );
  return rows.map((e) => ({
    id: e.id,
    at: e.at,
    kind: e.kind,
    stepKey: e.stepKey,
    pageNo: e.pageId ? (pageNos.get(e.pageId) ?? null) : null,
    who: name(e.workerId) ?? name(e.staffId),
    note: e.note,
    fields: e.fields,
  }));
}

export function findVolumeIdByCode(store: Store, code: string): string {
  // Scanners type the code exactly (indexed lookup); a hand-typed code may differ in case or full-width letters.
  const typed = code.normalize('NFKC').trim();
  const row =
    store.db.select({ id: scanVolumes.id }).from(scanVolumes).where(eq(scanVolumes.code, typed)).get() ??
    store.db.select({ id: scanVolumes.id }).from(scanVolumes).where(eq(sql`upper(${scanVolumes.code})`, typed.toUpperCase())).get();
  if (!row) throw new AppError('not_found', 'scan.errors.codeNotFound', { code: code.trim() });
  return row.id;
}

function reasonOf(fn: () => RuleResult): VolumeDetail['next']['blockedReason'] {
  try {
    const r = fn();
    return r.ok ? null : { key: r.reason, ...(r.params ? { params: r.params } : {}) };
  } catch (err) {
    return isAppError(err) ? { key: err.payload.messageKey } : { key: 'errors.internal' };
  }
}

export function volumeDetail(store: Store, volumeId: string, actor: CommandActor): VolumeDetail {
  const volume = store.db.select().from(scanVolumes).where(eq(scanVolumes.id, volumeId)).get();
  const state = store.db.select().from(scanVolumeStates).where(eq(scanVolumeStates.id, volumeId)).get();
  if (!volume || !state) throw new AppError('not_found', 'scan.errors.volumeNotFound');
  const job = store.db.select().from(jobs).where(eq(jobs.id, volume.jobId)).get();
  const reader = createLocalReader(store.db);
  const workflow = workflowOf(reader, volume.jobId);
  const facts = volumeFacts(reader, state);
  const step = stepDef(workflow, state.stepKey);
  let action: VolumeDetail['next']['action'] = 'none';
  let blockedReason: VolumeDetail['next']['blockedReason'] = null;
  if (state.stepKey !== DONE && step) {
    action = state.status === 'waiting' ? 'start' : 'complete';
    // Shown before the person tries: the same rule the command runs, with fields assumed filled.
    const filled = Object.fromEntries(step.requiredFields.map((f) => [f, 'x']));
    blockedReason = reasonOf(() => {
      const who = stepActor(reader, actor);
      return action === 'start' ? canStart(workflow, facts, step.key, who) : canComplete(workflow, facts, step.key, who, filled);
    });
  }
  const pages = store.db.select().from(scanPages).where(eq(scanPages.volumeId, volumeId)).orderBy(asc(scanPages.pageNo)).all();
  const compositePages = pages.filter((p) => isComposite(p.tileRows, p.tileCols));
  const tiles = compositePages.length ? store.db.select().from(scanTiles).where(eq(scanTiles.volumeId, volumeId)).all() : [];
  const events = store.db.select().from(scanEvents).where(eq(scanEvents.volumeId, volumeId)).orderBy(desc(scanEvents.at), desc(scanEvents.hlc)).limit(100).all();
  const name = nameLookup(store);
  const { hlc: _h, fieldHlc: _f, operatorId: _o, ...volumeView } = volume;
  return {
    volume: volumeView,
    jobCode: job?.code ?? '',
    stepKey: state.stepKey,
    status: state.status,
    workerName: name(state.workerId),
    originals: state.originals,
    pageCount: state.pageCount,
    compositePages: state.compositePages,
    next: { stepKey: state.stepKey, action, requiredFields: step?.requiredFields ?? [], blockedReason },
    composites: compositePages.map((p) => ({
      pageId: p.id,
      pageNo: p.pageNo,
      rows: p.tileRows,
      cols: p.tileCols,
      captured: tiles.filter((t) => t.pageId === p.id).map((t) => ({ row: t.row, col: t.col })),
    })),
    rework: pages.filter((p) => p.reworkStep).map((p) => ({ pageId: p.id, pageNo: p.pageNo, stepKey: p.reworkStep!, note: p.reworkNote })),
    events: eventViews(store, events),
    workflow,
  };
}

/** Everything that happened to a page: its own events and those of its volume (a volume step covers its pages). */
export function pageHistory(store: Store, pageId: string): VolumeEventView[] {
  const page = store.db.select().from(scanPages).where(eq(scanPages.id, pageId)).get();
  if (!page) throw new AppError('not_found', 'scan.errors.pageNotFound');
  const rows = store.db
    .select()
    .from(scanEvents)
    .where(eq(scanEvents.volumeId, page.volumeId))
    .orderBy(asc(scanEvents.at), asc(scanEvents.hlc))
    .all()
    .filter((e) => e.pageId === null || e.pageId === pageId);
  const tiles = store.db.select().from(scanTiles).where(eq(scanTiles.pageId, pageId)).all();
  const name = nameLookup(store);
  const tileEvents: VolumeEventView[] = tiles.map((t) => ({
    id: t.id,
    at: t.at,
    kind: 'tile',
    stepKey: 'scan',
    pageNo: page.pageNo,
    who: name(t.workerId),
    note: null,
    fields: { tile: `${t.row}-${t.col}` },
  }));
  const qc: VolumeEventView[] = store.db
    .select()
    .from(scanQcResults)
    .where(eq(scanQcResults.pageId, pageId))
    .all()
    .map((r): VolumeEventView => ({
      id: r.id,
      at: r.at,
      kind: r.result === 'pass' ? 'qc_pass' : 'qc_fail',
      stepKey: 'qc',
      pageNo: page.pageNo,
      who: name(r.inspectorWorkerId) ?? name(r.inspectorStaffId),
      note: r.note,
      fields: r.defectType ? { defectType: r.defectType } : {},
    }));
  return [...eventViews(store, rows), ...tileEvents, ...qc].sort((a, b) => a.at - b.at);
}
