// Attendance procedures for signed-in people: own status and punches (loaned PC), work logs, the leader board,
// corrections. Month procedures live in month-handlers.ts.
import { desc, eq, ne } from 'drizzle-orm';
import type { BoardRow, CorrectionView } from '../../src-shared/attendance/contract';
import type { CorrectionRow } from '../../src-shared/attendance/rows';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import { jstDate } from '../../src-shared/core/time';
import type { FeatureHandlers } from '../api/handlers';
import { actorOf, type HandlerContext } from '../api/context';
import { loadNames, type Names } from './names';
import { monthHandlers } from './month-handlers';
import { presenceView, readPresenceRow, workerPunches, workerVoids } from './punch-store';
import { jobChoices, recentWork } from './job-choices';
import { runPunch } from './punch-service';
import { corrections, presence } from './schema';
import { dayViews, worklogView } from './worklog-view';
import { buildWorklog } from '../../src-shared/attendance/worklog';

function ownWorker(ctx: HandlerContext): string {
  const id = ctx.session?.workerId;
  if (!id) throw new AppError('forbidden', 'errors.forbidden');
  return id;
}

/** Workers see only their own records; leaders and office roles may look at anyone's. */
function targetWorker(ctx: HandlerContext, requested: string | undefined): string {
  const own = ctx.session?.workerId ?? null;
  if (!requested) {
    if (!own) throw new AppError('invalid_input', 'errors.invalidInput', undefined, [{ path: 'workerId', messageKey: 'validation.required' }]);
    return own;
  }
  if (requested !== own && ctx.role === 'worker') throw new AppError('forbidden', 'errors.forbidden');
  return requested;
}

function correctionView(row: CorrectionRow, names: Names): CorrectionView {
  return {
    id: row.id,
    workerId: row.workerId,
    workerName: names.worker(row.workerId) ?? '',
    date: row.date,
    items: row.items,
    reason: row.reason,
    status: row.status,
    requestedByName: names.person(row.requestedBy),
    requestedAt: row.requestedAt,
    reviewerName: names.person(row.reviewerId),
    reviewComment: row.reviewComment,
    reviewedAt: row.reviewedAt,
    producedPunchIds: row.producedPunchIds,
  };
}

function readCorrection(ctx: HandlerContext, id: string): CorrectionView {
  const row = ctx.services.store.db.select().from(corrections).where(eq(corrections.id, id)).get();
  if (!row) throw new AppError('not_found', 'errors.notFound');
  return correctionView(row, loadNames(ctx.services.store));
}

export const attendanceHandlers: FeatureHandlers<'attendance.'> = {
  'attendance.myStatus': (_input, ctx) => {
    const workerId = ownWorker(ctx);
    const { services } = ctx;
    const now = services.clock.now();
    const names = loadNames(services.store);
    const punches = workerPunches(services.store, workerId);
    const voided = workerVoids(services.store, workerId);
    const today = jstDate(now);
    const recent = recentWork(services, workerId);
    const days = dayViews(buildWorklog(punches, voided, now), punches, voided, names, (d) => d === today);
    return {
      displayName: names.worker(workerId) ?? '',
      presence: presenceView(readPresenceRow(services.store, workerId), now),
      jobs: jobChoices(services, workerId, recent),
      recent,
      today: days[0] ?? null,
    };
  },
  'attendance.myPunch': (input, ctx) => {
    const workerId = ownWorker(ctx);
    return runPunch(ctx.services, actorOf(ctx), workerId, input);
  },
  'attendance.worklog': (input, ctx) => {
    const workerId = targetWorker(ctx, input.workerId);
    return worklogView(ctx.services.store, loadNames(ctx.services.store), workerId, input.month, ctx.services.clock.now());
  },
  'attendance.board': (input, { services }) => {
    const names = loadNames(services.store);
    const now = services.clock.now();
    const rows = services.store.db.select().from(presence).where(ne(presence.state, 'out')).all();
    return rows
      .filter((p) => !input.siteId || p.siteId === input.siteId)
      .map((p): BoardRow => {
        const worker = names.workers.find((w) => w.id === p.id);
        const view = presenceView(p, now);
        return {
          workerId: p.id,
          code: worker?.code ?? '',
          displayName: names.worker(p.id) ?? '',
          siteId: p.siteId,
          siteName: names.site(p.siteId),
          state: p.state,
          jobId: p.jobId,
          jobName: names.job(p.jobId)?.name ?? null,
          stepKey: p.stepKey,
          since: p.since,
          sessionStart: p.sessionStart,
          forgotten: view.forgotten,
        };
      })
      .sort((a, b) => Number(b.forgotten) - Number(a.forgotten) || (a.code < b.code ? -1 : 1));
  },
  'attendance.corrections': (input, ctx) => {
    const names = loadNames(ctx.services.store);
    const onlyOwn = ctx.role === 'worker' ? ownWorker(ctx) : (input.workerId ?? null);
    return ctx.services.store.db
      .select()
      .from(corrections)
      .orderBy(desc(corrections.requestedAt))
      .all()
      .filter((c) => (!onlyOwn || c.workerId === onlyOwn) && (!input.status || c.status === input.status))
      .map((c) => correctionView(c, names));
  },
  'attendance.requestCorrection': (input, ctx) => {
    const workerId = targetWorker(ctx, input.workerId);
    const id = newId();
    ctx.services.bus.execute('attendance.requestCorrection', { id, workerId, date: input.date, items: input.items, reason: input.reason }, actorOf(ctx));
    return readCorrection(ctx, id);
  },
  'attendance.reviewCorrection': (input, ctx) => {
    const row = ctx.services.store.db.select().from(corrections).where(eq(corrections.id, input.id)).get();
    const newIds = (row?.items ?? []).map(() => newId());
    ctx.services.bus.execute('attendance.reviewCorrection', { ...input, newIds }, actorOf(ctx));
    return readCorrection(ctx, input.id);
  },
  ...monthHandlers,
};

