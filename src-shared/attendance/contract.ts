// Attendance and kiosk procedures: what the kiosk, the loaned-PC home screen and the leaders' screens may ask.
import { z } from 'zod';
import { procedure } from '../api/define';
import { officeRoles, signedInRoles, type Role } from '../core/roles';
import { workerCodeSchema, pinSchema } from '../people/schemas';
import type { CorrectionItem, CorrectionStatus, PresenceState, PunchKind, PunchSource, SubmissionStatus } from './rows';
import type { WorklogIssueKind } from './worklog';
import {
  commentSchema,
  correctionItemSchema,
  dateSchema,
  idSchema,
  monthSchema,
  punchRequestSchema,
  reasonSchema,
} from './schemas';

export interface PresenceView {
  state: PresenceState;
  siteId: string | null;
  jobId: string | null;
  stepKey: string | null;
  since: number | null;
  sessionStart: number | null;
  /** Still "in" from an earlier JST day: a forgotten clock-out. */
  forgotten: boolean;
}

export interface JobChoice {
  id: string;
  code: string;
  name: string;
  kind: 'scan' | 'entry' | 'other';
  /** Usable from this device (center-only jobs are not offered on a loaned PC). */
  usable: boolean;
  /** The person's own work: a unit or volume assigned to them, or the job of their last punch. Listed first. */
  mine: boolean;
  /** Step keys a person picks from (translated by the UI, never typed); empty when the job has no steps. */
  steps: string[];
}

/** The job and step of the person's latest punch that named one: what the kiosk preselects. */
export interface RecentWork {
  jobId: string;
  stepKey: string | null;
}

export interface PunchResult {
  punchId: string;
  kind: PunchKind;
  at: number;
  displayName: string;
  presence: PresenceView;
}

/** What anyone standing at a center PC may see of a worker, before a PIN: a name tile, no code or registry data. */
export interface KioskTile {
  id: string;
  displayName: string;
  kana: string;
  state: PresenceState;
  /** Punched today (JST): an 'out' from today reads 作業終了, otherwise 未開始. A flag, not a time: anyone at the PC sees it. */
  today: boolean;
  /** Still "in" from an earlier day: shown as a forgotten clock-out, as on the leader board. */
  forgotten: boolean;
}

export interface KioskSession {
  ticket: string;
  expiresAt: number;
  workerId: string;
  displayName: string;
  presence: PresenceView;
  jobs: JobChoice[];
  recent: RecentWork | null;
}

export interface BoardRow {
  workerId: string;
  code: string;
  displayName: string;
  siteId: string | null;
  siteName: string | null;
  state: PresenceState;
  jobId: string | null;
  jobName: string | null;
  stepKey: string | null;
  since: number;
  sessionStart: number | null;
  forgotten: boolean;
}

export interface WorklogIntervalView {
  kind: 'work' | 'break';
  start: number;
  end: number;
  minutes: number;
  jobId: string | null;
  jobName: string | null;
  stepKey: string | null;
  ongoing: boolean;
}

export interface WorklogPunchView {
  id: string;
  kind: PunchKind;
  at: number;
  jobId: string | null;
  jobName: string | null;
  source: PunchSource;
  voided: boolean;
}

export interface WorklogDayView {
  date: string;
  workMinutes: number;
  breakMinutes: number;
  intervals: WorklogIntervalView[];
  issues: { kind: WorklogIssueKind; at: number; punchId: string }[];
  punches: WorklogPunchView[];
}

export interface WorklogView {
  workerId: string;
  displayName: string;
  month: string;
  closed: boolean;
  workMinutes: number;
  daysWorked: number;
  byJob: { jobId: string | null; jobName: string | null; minutes: number }[];
  days: WorklogDayView[];
  submission: { status: SubmissionStatus; reviewComment: string | null } | null;
}

export interface CorrectionView {
  id: string;
  workerId: string;
  workerName: string;
  date: string;
  items: CorrectionItem[];
  reason: string;
  status: CorrectionStatus;
  requestedByName: string | null;
  requestedAt: number;
  reviewerName: string | null;
  reviewComment: string | null;
  reviewedAt: number | null;
  producedPunchIds: string[];
}

export type TimesheetStatus = 'unsubmitted' | SubmissionStatus;

export interface TimesheetWorkerRow {
  workerId: string;
  code: string;
  displayName: string;
  homeSiteId: string | null;
  daysWorked: number;
  workMinutes: number;
  breakMinutes: number;
  byJob: Record<string, number>;
  issues: number;
  status: TimesheetStatus;
  reviewComment: string | null;
}

export interface TimesheetView {
  month: string;
  closed: boolean;
  closeHistory: { action: 'close' | 'reopen'; reason: string; byName: string | null; at: number }[];
  /** 未申請 (including returned) / 承認待ち / 承認済み. */
  statusCounts: { unsubmitted: number; submitted: number; approved: number };
  workers: TimesheetWorkerRow[];
  sites: { siteId: string | null; siteName: string | null; workers: number; workMinutes: number; byJob: Record<string, number> }[];
  jobs: { id: string; code: string; name: string }[];
}

export interface ExportFile {
  filename: string;
  mime: string;
  base64: string;
  /** Characters CP932 cannot hold (replaced by '?'); empty for UTF-8 and XLSX. */
  unencodable: string[];
  /** No file was made (base64 is empty): characters would be lost and the loss was not accepted yet. */
  withheld?: boolean;
}

const workerSelf: readonly Role[] = ['worker', 'leader'];
const boardRoles: readonly Role[] = [...officeRoles, 'leader'];
const reviewRoles: readonly Role[] = ['admin', 'manager', 'director'];

export const kioskContract = {
  'kiosk.workers': procedure<KioskTile[]>()({ input: z.object({}), access: ['kiosk'] }),
  'kiosk.identify': procedure<KioskTile>()({
    input: z.object({ code: workerCodeSchema }),
    access: ['kiosk'],
  }),
  'kiosk.verifyPin': procedure<KioskSession>()({ input: z.object({ workerId: idSchema, pin: pinSchema }), access: ['kiosk'] }),
  'kiosk.punch': procedure<PunchResult>()({
    input: punchRequestSchema.extend({ ticket: z.string().min(10).max(100) }),
    access: ['kiosk'],
  }),
  'kiosk.endSession': procedure<{ done: true }>()({ input: z.object({ ticket: z.string().max(100) }), access: ['kiosk'] }),
};

export const attendanceContract = {
  'attendance.myStatus': procedure<{ displayName: string; presence: PresenceView; jobs: JobChoice[]; recent: RecentWork | null; today: WorklogDayView | null }>()({
    input: z.object({}),
    access: workerSelf,
  }),
  'attendance.myPunch': procedure<PunchResult>()({ input: punchRequestSchema, access: workerSelf }),
  'attendance.worklog': procedure<WorklogView>()({
    input: z.object({ month: monthSchema, workerId: idSchema.optional() }),
    access: signedInRoles,
  }),
  'attendance.board': procedure<BoardRow[]>()({ input: z.object({ siteId: idSchema.nullable().optional() }), access: boardRoles }),
  'attendance.corrections': procedure<CorrectionView[]>()({
    input: z.object({ status: z.enum(['requested', 'approved', 'returned']).optional(), workerId: idSchema.optional() }),
    access: signedInRoles,
  }),
  'attendance.requestCorrection': procedure<CorrectionView>()({
    input: z.object({
      workerId: idSchema.optional(),
      date: dateSchema,
      items: z.array(correctionItemSchema).min(1).max(20),
      reason: reasonSchema,
    }),
    access: signedInRoles,
  }),
  'attendance.reviewCorrection': procedure<CorrectionView>()({
    input: z.object({ id: idSchema, decision: z.enum(['approve', 'return']), comment: commentSchema }),
    access: reviewRoles,
  }),
  'attendance.timesheet': procedure<TimesheetView>()({
    input: z.object({ month: monthSchema, siteId: idSchema.nullable().optional() }),
    access: boardRoles,
  }),
  'attendance.submitMonth': procedure<WorklogView>()({ input: z.object({ month: monthSchema }), access: workerSelf }),
  'attendance.reviewMonth': procedure<{ status: TimesheetStatus }>()({
    input: z.object({ workerId: idSchema, month: monthSchema, decision: z.enum(['approve', 'return']), comment: commentSchema }),
    access: reviewRoles,
  }),
  'attendance.closeMonth': procedure<{ closed: boolean }>()({
    input: z.object({ month: monthSchema, reason: commentSchema }),
    access: reviewRoles,
  }),
  'attendance.reopenMonth': procedure<{ closed: boolean }>()({
    input: z.object({ month: monthSchema, reason: reasonSchema }),
    access: ['admin'],
  }),
  'attendance.export': procedure<ExportFile>()({
    input: z.object({
      month: monthSchema,
      format: z.enum(['xlsx', 'csv']),
      encoding: z.enum(['utf8bom', 'cp932']).default('utf8bom'),
      siteId: idSchema.nullable().optional(),
      /** CP932: false makes no file while characters would be lost, only their list (decision 0114). */
      acceptLoss: z.boolean().default(true),
    }),
    access: officeRoles,
  }),
};
