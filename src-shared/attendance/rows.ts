// Attendance rows (勤怠). Punches are append-only facts; presence, corrections and submissions are state rows whose
// transitions the rules validate; month close is an event stream whose latest event (by HLC) is the current state.
export const punchKinds = ['in', 'break_start', 'break_end', 'switch', 'out'] as const;
export type PunchKind = (typeof punchKinds)[number];
export type PunchSource = 'kiosk' | 'home' | 'correction';
export type PresenceState = 'out' | 'working' | 'break';

export interface PunchRow {
  id: string;
  operatorId: string;
  workerId: string;
  /** Site of the center PC; null on a loaned PC (work at home). */
  siteId: string | null;
  deviceId: string;
  kind: PunchKind;
  jobId: string | null;
  /** Free-text job step ('scan', 'qc', …) that scan and entry features use to split time. */
  stepKey: string | null;
  /** When the punch counts: device wall time (never before the state it leaves) or the corrected time. */
  at: number;
  /** Device wall clock when the command was made, kept as the device saw it (DESIGN.md rule 7). */
  deviceTime: number;
  hlc: string;
  hqReceivedAt: number | null;
  clockOffsetMs: number | null;
  source: PunchSource;
  correctionId: string | null;
}

export interface PunchVoidRow {
  id: string;
  operatorId: string;
  workerId: string;
  /** Site of the voided punch (null for a punch made at home): the void travels where the punch does. */
  siteId: string | null;
  punchId: string;
  correctionId: string;
  hlc: string;
}

export interface PresenceRow {
  /** Same id as the worker. */
  id: string;
  operatorId: string;
  state: PresenceState;
  siteId: string | null;
  jobId: string | null;
  stepKey: string | null;
  /** Time of the punch that entered this state. */
  since: number;
  /** Start of the current session (the clock-in), null when out. */
  sessionStart: number | null;
  lastPunchId: string | null;
  hlc: string;
}

export interface RoomEntryRow {
  id: string;
  operatorId: string;
  siteId: string;
  workerId: string;
  at: number;
  punchId: string;
  hlc: string;
}

export type CorrectionItem =
  | { kind: 'add'; punchKind: PunchKind; at: number; jobId: string | null; stepKey: string | null }
  | { kind: 'void'; punchId: string };

export type CorrectionStatus = 'requested' | 'approved' | 'returned';

export interface CorrectionRow {
  id: string;
  operatorId: string;
  workerId: string;
  /** Site whose punches the correction touches (see correctionSite); decides which center PCs hold and review it. */
  siteId: string | null;
  /** JST day the correction is about, 'YYYY-MM-DD'. */
  date: string;
  items: CorrectionItem[];
  reason: string;
  status: CorrectionStatus;
  requestedBy: string | null;
  requestedAt: number;
  reviewerId: string | null;
  reviewComment: string | null;
  reviewedAt: number | null;
  producedPunchIds: string[];
  hlc: string;
}

export type SubmissionStatus = 'submitted' | 'approved' | 'returned';

export interface TimesheetSubmissionRow {
  id: string;
  operatorId: string;
  workerId: string;
  /** The worker's home site when submitted: its center PC reviews the month. */
  siteId: string | null;
  month: string;
  status: SubmissionStatus;
  submittedAt: number;
  reviewerId: string | null;
  reviewComment: string | null;
  reviewedAt: number | null;
  hlc: string;
}

export interface MonthCloseEventRow {
  id: string;
  operatorId: string;
  month: string;
  action: 'close' | 'reopen';
  reason: string;
  by: string | null;
  at: number;
  hlc: string;
}
