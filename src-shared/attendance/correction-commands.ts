// Corrections: a worker asks, a director approves or returns it with a comment. Originals are never changed:
// approval appends compensating punches and voids, and the request keeps its whole history.
import { defineCommand, type DecideContext, type Effect } from '../commands/define';
import { reject } from '../core/errors';
import { jstDate, jstMonth } from '../core/time';
import type { WorkerRow } from '../people/rows';
import type { CorrectionItem, CorrectionRow, PresenceRow, PunchRow, PunchVoidRow } from './rows';
import {
  activeWorker,
  assertActsFor,
  assertMonthOpen,
  effectivePunches,
  readPresence,
  replayPresence,
  reviewerRoles,
} from './rules';
import { requestCorrectionInput, reviewCorrectionInput } from './schemas';
import { buildWorklog } from './worklog';

/** The punches a correction would add, with their ids (placeholders while only requested). */
function addedPunches(ctx: DecideContext, correction: Pick<CorrectionRow, 'id' | 'workerId' | 'items'>, ids: string[], existing: PunchRow[]): PunchRow[] {
  const { meta } = ctx;
  const out: PunchRow[] = [];
  correction.items.forEach((item, i) => {
    if (item.kind !== 'add') return;
    // A corrected punch belongs to the site of the session it sits in.
    const before = existing.filter((p) => p.at <= item.at).at(-1);
    out.push({
      id: ids[i] ?? `pending-${i}`,
      operatorId: meta.operatorId,
      workerId: correction.workerId,
      siteId: before?.siteId ?? null,
      deviceId: meta.deviceId,
      kind: item.punchKind,
      jobId: item.jobId,
      stepKey: item.stepKey,
      at: item.at,
      deviceTime: meta.deviceTime,
      hlc: meta.hlc,
      hqReceivedAt: meta.hqReceivedAt,
      clockOffsetMs: meta.clockOffsetMs,
      source: 'correction',
      correctionId: correction.id,
    });
  });
  return out;
}

/**
 * Checks every item against the store and refuses a correction that would make the touched days less consistent
 * (more unexpected punches or open sessions than before).
 */
function validateItems(ctx: DecideContext, correction: Pick<CorrectionRow, 'id' | 'workerId' | 'items'>, ids: string[]): { added: PunchRow[]; existing: PunchRow[] } {
  const { reader, meta } = ctx;
  const existing = effectivePunches(reader, correction.workerId);
  const touched = new Set<string>();
  const voids = new Set<string>();
  for (const item of correction.items) {
    if (item.kind === 'add') {
      if (item.jobId && !reader.get('jobs', item.jobId)) reject('attendance.errors.jobUnavailable');
      if (item.at > meta.deviceTime) reject('attendance.errors.futurePunch');
      assertMonthOpen(reader, jstMonth(item.at));
      touched.add(jstDate(item.at));
    } else {
      const punch = existing.find((p) => p.id === item.punchId);
      if (punch?.workerId !== correction.workerId) reject('attendance.errors.punchNotFound');
      assertMonthOpen(reader, jstMonth(punch.at));
      touched.add(jstDate(punch.at));
      voids.add(punch.id);
    }
  }
  const added = addedPunches(ctx, correction, ids, existing);
  const issuesOn = (punches: PunchRow[], voided: Set<string>) =>
    buildWorklog(punches, voided, meta.deviceTime).issues.filter((i) => touched.has(i.date)).length;
  if (issuesOn([...existing, ...added], voids) > issuesOn(existing, new Set())) reject('attendance.errors.correctionInconsistent');
  return { added, existing };
}

/**
 * The site a correction belongs to, so it travels (and is reviewed) where the punches it touches are: the site of
 * the first punch it voids; else the site of the session its first added punch falls in (the site that punch will
 * carry); else, with no earlier punch at all, the worker's home site. Null (work at home) keeps it in `worker:`.
 * Read from the store only, so HQ's re-run gives the same site.
 */
function correctionSite(ctx: DecideContext, workerId: string, items: CorrectionItem[], existing: PunchRow[]): string | null {
  const voided = items.find((i) => i.kind === 'void');
  if (voided) return existing.find((p) => p.id === voided.punchId)?.siteId ?? null;
  const firstAdd = items.find((i) => i.kind === 'add');
  const before = firstAdd ? existing.filter((p) => p.at <= firstAdd.at).at(-1) : undefined;
  if (before) return before.siteId;
  return ctx.reader.get<WorkerRow>('workers', workerId)?.homeSiteId ?? null;
}

export const requestCorrection = defineCommand({
  name: 'attendance.requestCorrection',
  input: requestCorrectionInput,
  roles: ['worker', 'leader', 'admin', 'manager', 'director', 'backoffice'],
  decide(ctx, input) {
    const { reader, actor, meta } = ctx;
    if (actor.role === 'backoffice') {
      // Office staff may file on a worker's behalf (e.g. from a paper note), like supervisors.
    } else assertActsFor(actor, input.workerId);
    activeWorker(reader, input.workerId);
    if (reader.get('corrections', input.id)) reject('attendance.errors.duplicate');
    assertMonthOpen(reader, input.date.slice(0, 7));
    const items = input.items as CorrectionItem[];
    const { existing } = validateItems(ctx, { id: input.id, workerId: input.workerId, items }, []);
    const row: CorrectionRow = {
      id: input.id,
      operatorId: meta.operatorId,
      workerId: input.workerId,
      siteId: correctionSite(ctx, input.workerId, items, existing),
      date: input.date,
      items,
      reason: input.reason,
      status: 'requested',
      requestedBy: actor.staffId ?? actor.workerId,
      requestedAt: meta.deviceTime,
      reviewerId: null,
      reviewComment: null,
      reviewedAt: null,
      producedPunchIds: [],
      hlc: meta.hlc,
    };
    return [{ op: 'put', table: 'corrections', row: { ...row } }];
  },
});

export const reviewCorrection = defineCommand({
  name: 'attendance.reviewCorrection',
  input: reviewCorrectionInput,
  roles: reviewerRoles,
  decide(ctx, input) {
    const { reader, actor, meta } = ctx;
    const correction = reader.get<CorrectionRow>('corrections', input.id);
    if (!correction) reject('attendance.errors.correctionNotFound');
    if (correction.status !== 'requested') reject('attendance.errors.correctionNotPending');
    const reviewed = { ...correction, reviewerId: actor.staffId ?? actor.workerId, reviewComment: input.comment || null, reviewedAt: meta.deviceTime, hlc: meta.hlc };
    if (input.decision === 'return') {
      if (!input.comment) reject('attendance.errors.commentRequired');
      return [{ op: 'put', table: 'corrections', row: { ...reviewed, status: 'returned' } }];
    }
    if (input.newIds.length < correction.items.length) reject('attendance.errors.missingIds');
    assertMonthOpen(reader, correction.date.slice(0, 7));
    const { added, existing } = validateItems(ctx, correction, input.newIds);
    const effects: Effect[] = added.map((p) => ({ op: 'insert', table: 'punches', row: { ...p } }));
    correction.items.forEach((item, i) => {
      if (item.kind !== 'void') return;
      // The void travels with the punch it cancels, so every device holding the punch also holds its void.
      const siteId = existing.find((p) => p.id === item.punchId)?.siteId ?? null;
      const row: PunchVoidRow = { id: input.newIds[i], operatorId: meta.operatorId, workerId: correction.workerId, siteId, punchId: item.punchId, correctionId: correction.id, hlc: meta.hlc };
      effects.push({ op: 'insert', table: 'punchVoids', row: { ...row } });
    });
    // History changed, so presence is replayed from the punches that now count.
    const voided = new Set(correction.items.flatMap((i) => (i.kind === 'void' ? [i.punchId] : [])));
    const after = [...effectivePunches(reader, correction.workerId).filter((p) => !voided.has(p.id)), ...added].sort(
      (a, b) => a.at - b.at || (a.hlc < b.hlc ? -1 : 1),
    );
    const before = readPresence(reader, correction.workerId);
    const replayed: PresenceRow = replayPresence(after, { id: correction.workerId, operatorId: meta.operatorId, hlc: meta.hlc });
    if (!before || before.state !== replayed.state || before.lastPunchId !== replayed.lastPunchId) {
      effects.push({ op: 'put', table: 'presence', row: { ...replayed } });
    }
    effects.push({
      op: 'put',
      table: 'corrections',
      row: { ...reviewed, status: 'approved', producedPunchIds: [...added.map((p) => p.id), ...effects.filter((e) => e.op === 'insert' && e.table === 'punchVoids').map((e) => (e as { row: { id: string } }).row.id)] },
    });
    return effects;
  },
});

export const correctionCommands = [requestCorrection, reviewCorrection];
