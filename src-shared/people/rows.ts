// Registry rows for the organization and its people (DOMAIN.md "Who"). Edited by staff, LWW per field.
import type { StaffRole, WorkerRole } from '../core/roles';

export type SkillStage = 'A' | 'B' | 'C';

export interface OperatorRow {
  id: string;
  name: string;
  hlc: string;
  fieldHlc: Record<string, string>;
}

export type SiteKind = 'center' | 'office';

export interface SiteRow {
  id: string;
  operatorId: string;
  code: string;
  name: string;
  kind: SiteKind;
  active: boolean;
  hlc: string;
  fieldHlc: Record<string, string>;
}

export interface WorkerRow {
  id: string;
  operatorId: string;
  /** Worker code printed on the badge; what the kiosk and barcode scanner type. */
  code: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  role: WorkerRole;
  homeSiteId: string | null;
  skillIt: SkillStage | null;
  skillBusiness: SkillStage | null;
  /** インボイス registration number (T + 13 digits) when registered. */
  invoiceNumber: string | null;
  active: boolean;
  hlc: string;
  fieldHlc: Record<string, string>;
}

export interface StaffRow {
  id: string;
  operatorId: string;
  loginId: string;
  familyName: string;
  givenName: string;
  role: StaffRole;
  siteId: string | null;
  active: boolean;
  hlc: string;
  fieldHlc: Record<string, string>;
}

/** Secrets are stored only as scrypt hashes; HQ never sees a PIN or password. */
export interface CredentialRow {
  /** Same id as the worker or staff row it belongs to. */
  id: string;
  operatorId: string;
  subjectType: 'worker' | 'staff';
  kind: 'pin' | 'password';
  hash: string;
  /** Staff: Ed25519 public key (base64url, 32 bytes) HQ verifies this person's commands and admin calls with. */
  publicKey: string | null;
  /** Staff: the private key, wrapped by a key derived from the password (src-main/auth/staff-keys.ts). */
  wrappedKey: string | null;
  /** Worker: home site, the only site whose center PCs receive this PIN. Staff: their site (null: every site). */
  siteId: string | null;
  hlc: string;
  fieldHlc: Record<string, string>;
}

export type ClientKind = 'municipality' | 'company';

/** A client (発注者): a municipality or a company the operator takes work from. */
export interface ClientRow {
  id: string;
  operatorId: string;
  name: string;
  kind: ClientKind;
  active: boolean;
  hlc: string;
  fieldHlc: Record<string, string>;
}

export type JobKind = 'scan' | 'entry' | 'other';
/** What a job's target counts. */
export type TargetUnit = 'pages' | 'volumes' | 'records' | 'hours';
export type JobRestriction = 'center_only' | 'home_allowed';

export interface JobRow {
  id: string;
  operatorId: string;
  code: string;
  name: string;
  /** The client's name as of the last save (kept for lists and exports; the client row may be renamed later). */
  clientName: string;
  /** Null for jobs made before clients were a registry, or without a registered client. */
  clientId: string | null;
  kind: JobKind;
  restriction: JobRestriction;
  status: 'active' | 'closed';
  startDate: string | null;
  dueDate: string | null;
  /** The contracted amount of work (e.g. 7,500 pages), in `targetUnit`. */
  target: number | null;
  targetUnit: TargetUnit | null;
  hlc: string;
  fieldHlc: Record<string, string>;
}

export interface AuditRow {
  id: string;
  operatorId: string;
  at: number;
  actorType: 'staff' | 'worker' | 'device';
  actorId: string | null;
  action: string;
  targetId: string | null;
  details: Record<string, unknown>;
  deviceId: string;
  hlc: string;
}

export function workerDisplayName(w: Pick<WorkerRow, 'familyName' | 'givenName'>): string {
  return `${w.familyName} ${w.givenName}`;
}
