// Monthly timesheet procedures: view, submit and review, close and reopen, export (audited).
import type { FeatureHandlers } from '../api/handlers';
import { actorOf, type HandlerContext } from '../api/context';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import { isMonthClosed } from '../../src-shared/attendance/rules';
import { createLocalReader } from '../store/effects';
import { loadNames } from './names';
import { monthSheet } from './timesheet';
import { worklogView } from './worklog-view';
import { timesheetCsv, timesheetXlsx } from './export';
import { and, eq } from 'drizzle-orm';
import { timesheetSubmissions } from './schema';

type H = FeatureHandlers<'attendance.'>;
type MonthProcedures =
  | 'attendance.timesheet'
  | 'attendance.submitMonth'
  | 'attendance.reviewMonth'
  | 'attendance.closeMonth'
  | 'attendance.reopenMonth'
  | 'attendance.export';

function ownWorker(ctx: HandlerContext): string {
  const id = ctx.session?.workerId;
  if (!id) throw new AppError('forbidden', 'errors.forbidden');
  return id;
}

function closed(ctx: HandlerContext, month: string): { closed: boolean } {
  return { closed: isMonthClosed(createLocalReader(ctx.services.store.db), month) };
}

export const monthHandlers: Pick<H, MonthProcedures> = {
  'attendance.timesheet': (input, { services }) =>
    monthSheet(services.store, loadNames(services.store), input.month, input.siteId, services.clock.now()).view,
  'attendance.submitMonth': (input, ctx) => {
    const workerId = ownWorker(ctx);
    ctx.services.bus.execute('attendance.submitMonth', { id: newId(), workerId, month: input.month }, actorOf(ctx));
    return worklogView(ctx.services.store, loadNames(ctx.services.store), workerId, input.month, ctx.services.clock.now());
  },
  'attendance.reviewMonth': (input, ctx) => {
    ctx.services.bus.execute('attendance.reviewMonth', input, actorOf(ctx));
    const row = ctx.services.store.db
      .select()
      .from(timesheetSubmissions)
      .where(and(eq(timesheetSubmissions.workerId, input.workerId), eq(timesheetSubmissions.month, input.month)))
      .get();
    return { status: row?.status ?? 'unsubmitted' };
  },
  'attendance.closeMonth': (input, ctx) => {
    ctx.services.bus.execute('attendance.closeMonth', { id: newId(), auditId: newId(), month: input.month, reason: input.reason }, actorOf(ctx));
    return closed(ctx, input.month);
  },
  'attendance.reopenMonth': (input, ctx) => {
    ctx.services.bus.execute('attendance.reopenMonth', { id: newId(), auditId: newId(), month: input.month, reason: input.reason }, actorOf(ctx));
    return closed(ctx, input.month);
  },
  'attendance.export': async (input, ctx) => {
    const { services } = ctx;
    const names = loadNames(services.store);
    const sheet = monthSheet(services.store, names, input.month, input.siteId, services.clock.now());
    const file = input.format === 'xlsx' ? await timesheetXlsx(sheet, names) : timesheetCsv(sheet, names, input.encoding, input.acceptLoss);
    // Withheld: no file left the app, only the list of characters for the person to decide on.
    if (file.withheld) return file;
    // Exports carry personal data out of the app: always audited.
    services.bus.execute(
      'audit.record',
      {
        id: newId(),
        action: 'attendance.export',
        targetId: null,
        details: { month: input.month, format: input.format, encoding: input.encoding, siteId: input.siteId ?? null, rows: sheet.details.length },
      },
      actorOf(ctx),
    );
    return file;
  },
};
