// Local tables of attendance (synced). Indexes follow the rules' reads: presence by worker, punches by worker and job,
// voids by worker, submissions and close events by month.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type {
  CorrectionItem,
  CorrectionStatus,
  PresenceState,
  PunchKind,
  PunchSource,
  SubmissionStatus,
} from '../../src-shared/attendance/rows';

export const punches = sqliteTable(
  'punches',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    workerId: text('worker_id').notNull(),
    siteId: text('site_id'),
    deviceId: text('device_id').notNull(),
    kind: text('kind').$type<PunchKind>().notNull(),
    jobId: text('job_id'),
    stepKey: text('step_key'),
    at: integer('at').notNull(),
    deviceTime: integer('device_time').notNull(),
    hlc: text('hlc').notNull(),
    hqReceivedAt: integer('hq_received_at'),
    clockOffsetMs: integer('clock_offset_ms'),
    source: text('source').$type<PunchSource>().notNull(),
    correctionId: text('correction_id'),
  },
  (t) => [index('punches_worker_at').on(t.workerId, t.at), index('punches_job').on(t.jobId), index('punches_at').on(t.at)],
);

export const punchVoids = sqliteTable(
  'punch_voids',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    workerId: text('worker_id').notNull(),
    siteId: text('site_id'),
    punchId: text('punch_id').notNull(),
    correctionId: text('correction_id').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('punch_voids_worker').on(t.workerId), index('punch_voids_punch').on(t.punchId)],
);

export const presence = sqliteTable(
  'presence',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    state: text('state').$type<PresenceState>().notNull(),
    siteId: text('site_id'),
    jobId: text('job_id'),
    stepKey: text('step_key'),
    since: integer('since').notNull(),
    sessionStart: integer('session_start'),
    lastPunchId: text('last_punch_id'),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('presence_site').on(t.siteId)],
);

export const roomEntries = sqliteTable(
  'room_entries',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    siteId: text('site_id').notNull(),
    workerId: text('worker_id').notNull(),
    at: integer('at').notNull(),
    punchId: text('punch_id').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('room_entries_site_at').on(t.siteId, t.at)],
);

export const corrections = sqliteTable(
  'corrections',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    workerId: text('worker_id').notNull(),
    siteId: text('site_id'),
    date: text('date').notNull(),
    items: text('items', { mode: 'json' }).$type<CorrectionItem[]>().notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<CorrectionStatus>().notNull(),
    requestedBy: text('requested_by'),
    requestedAt: integer('requested_at').notNull(),
    reviewerId: text('reviewer_id'),
    reviewComment: text('review_comment'),
    reviewedAt: integer('reviewed_at'),
    producedPunchIds: text('produced_punch_ids', { mode: 'json' }).$type<string[]>().notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('corrections_worker').on(t.workerId), index('corrections_status').on(t.status)],
);

export const timesheetSubmissions = sqliteTable(
  'timesheet_submissions',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    workerId: text('worker_id').notNull(),
    siteId: text('site_id'),
    month: text('month').notNull(),
    status: text('status').$type<SubmissionStatus>().notNull(),
    submittedAt: integer('submitted_at').notNull(),
    reviewerId: text('reviewer_id'),
    reviewComment: text('review_comment'),
    reviewedAt: integer('reviewed_at'),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('timesheet_submissions_worker_month').on(t.workerId, t.month), index('timesheet_submissions_month').on(t.month)],
);

export const monthCloseEvents = sqliteTable(
  'month_close_events',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    month: text('month').notNull(),
    action: text('action').$type<'close' | 'reopen'>().notNull(),
    reason: text('reason').notNull(),
    by: text('by'),
    at: integer('at').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('month_close_events_month').on(t.month)],
);
