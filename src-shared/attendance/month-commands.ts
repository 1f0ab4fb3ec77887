// Monthly timesheet: a worker submits their month (未申請 → 承認待ち), a director approves or returns it, and the
// office closes the month, which freezes it. Only an administrator reopens a closed month, with a reason.
import { defineCommand, type CommandActor, type CommandMeta, type Effect } from '../commands/define';
import { reject } from '../core/errors';
import type { AuditRow } from '../people/rows';
import type { MonthCloseEventRow, TimesheetSubmissionRow } from './rows';
import { activeWorker, assertMonthOpen, isMonthClosed, reviewerRoles } from './rules';
import { closeMonthInput, reopenMonthInput, reviewMonthInput, submitMonthInput } from './schemas';

export const submitMonth = defineCommand({
  name: 'attendance.submitMonth',
  input: submitMonthInput,
  roles: ['worker', 'leader'],
  decide({ reader, actor, meta }, input) {
    // Submitting is the worker's own statement about their own work.
    if (actor.workerId !== input.workerId) reject('attendance.errors.notYourself');
    const worker = activeWorker(reader, input.workerId);
    assertMonthOpen(reader, input.month);
    const existing = reader.find<TimesheetSubmissionRow>('timesheetSubmissions', { workerId: input.workerId, month: input.month })[0];
    if (existing && existing.status !== 'returned') reject('attendance.errors.alreadySubmitted');
    const row: TimesheetSubmissionRow = {
      id: existing?.id ?? input.id,
      operatorId: meta.operatorId,
      workerId: input.workerId,
      // The site where it was submitted (a worker may work away from home), else the home site (a loaned PC): the
      // row must be one that device may write (decision 0053).
      siteId: meta.siteId ?? worker.homeSiteId,
      month: input.month,
      status: 'submitted',
      submittedAt: meta.deviceTime,
      reviewerId: null,
      reviewComment: existing?.reviewComment ?? null,
      reviewedAt: null,
      hlc: meta.hlc,
    };
    return [{ op: 'put', table: 'timesheetSubmissions', row: { ...row } }];
  },
});

export const reviewMonth = defineCommand({
  name: 'attendance.reviewMonth',
  input: reviewMonthInput,
  roles: reviewerRoles,
  decide({ reader, actor, meta }, input) {
    assertMonthOpen(reader, input.month);
    const existing = reader.find<TimesheetSubmissionRow>('timesheetSubmissions', { workerId: input.workerId, month: input.month })[0];
    if (existing?.status !== 'submitted') reject('attendance.errors.submissionNotPending');
    if (input.decision === 'return' && !input.comment) reject('attendance.errors.commentRequired');
    const row: TimesheetSubmissionRow = {
      ...existing,
      status: input.decision === 'approve' ? 'approved' : 'returned',
      reviewerId: actor.staffId,
      reviewComment: input.comment || null,
      reviewedAt: meta.deviceTime,
      hlc: meta.hlc,
    };
    return [{ op: 'put', table: 'timesheetSubmissions', row: { ...row } }];
  },
});

function monthEvent(
  actor: CommandActor,
  meta: CommandMeta,
  input: { id: string; auditId: string; month: string; reason: string },
  action: 'close' | 'reopen',
): Effect[] {
  const event: MonthCloseEventRow = {
    id: input.id,
    operatorId: meta.operatorId,
    month: input.month,
    action,
    reason: input.reason,
    by: actor.staffId,
    at: meta.deviceTime,
    hlc: meta.hlc,
  };
  const audit: AuditRow = {
    id: input.auditId,
    operatorId: meta.operatorId,
    at: meta.deviceTime,
    actorType: 'staff',
    actorId: actor.staffId,
    action: `attendance.${action}Month`,
    targetId: null,
    details: { month: input.month, reason: input.reason },
    deviceId: meta.deviceId,
    hlc: meta.hlc,
  };
  return [
    { op: 'insert', table: 'monthCloseEvents', row: { ...event } },
    { op: 'insert', table: 'auditLog', row: { ...audit } },
  ];
}

export const closeMonth = defineCommand({
  name: 'attendance.closeMonth',
  input: closeMonthInput,
  roles: reviewerRoles,
  decide({ reader, actor, meta }, input) {
    if (isMonthClosed(reader, input.month)) reject('attendance.errors.monthClosed', { month: input.month });
    return monthEvent(actor, meta, input, 'close');
  },
});

export const reopenMonth = defineCommand({
  name: 'attendance.reopenMonth',
  input: reopenMonthInput,
  roles: ['admin'],
  decide({ reader, actor, meta }, input) {
    if (!isMonthClosed(reader, input.month)) reject('attendance.errors.monthNotClosed', { month: input.month });
    return monthEvent(actor, meta, input, 'reopen');
  },
});

export const monthCommands = [submitMonth, reviewMonth, closeMonth, reopenMonth];
