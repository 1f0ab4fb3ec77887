// The sync wire protocol between devices and HQ (DESIGN.md rules 3, 5, 7, 8), validated with zod on both sides.
// Bodies are JSON, gzip-compressed in both directions; every request carries the version headers below.
import { z } from 'zod';
import { commandId, isCommandSeries } from './command-ids';

/**
 * Bumped when a message shape changes incompatibly. HQ serves clients one protocol version behind (rule 8).
 * 2: checksums over row content (src-shared/sync/checksum.ts), `full` buckets and `insertsHash` (decision 0063).
 * 3: compact push batches: command ids by series, actors by index, a 16-bit inserts fingerprint (decision 0125).
 */
export const PROTOCOL_VERSION = 3;

export const headers = {
  protocol: 'x-tomoni-protocol',
  schema: 'x-tomoni-schema',
  app: 'x-tomoni-app',
  requestId: 'x-request-id',
  /** Device clock offset (HQ − device, ms) measured by the device at its previous exchange, RTT-compensated. */
  clockOffset: 'x-tomoni-clock-offset',
  /** Device wall clock when the request left, so HQ can estimate the offset itself too. */
  deviceTime: 'x-tomoni-device-time',
  /**
   * Response header: HQ's clock when the answer left. A pull answer read ahead (pull-prefetch.ts) was prepared
   * earlier, so its body's `hqTime` is old; the device measures its clock offset from this instead.
   */
  hqTime: 'x-tomoni-hq-time',
  /** Staff member on whose behalf a device calls an admin endpoint. */
  staff: 'x-tomoni-staff',
  /** That staff member's signature over the call (src-shared/sync/proof.ts `adminProofText`). */
  staffProof: 'x-tomoni-staff-proof',
  /** HQ-corrected time the call was signed at. */
  staffTime: 'x-tomoni-staff-time',
} as const;

export const paths = {
  attach: '/sync/attach',
  enroll: '/sync/enroll',
  /** A device moves to a fresh identity with its current credential (decision 0067). */
  reattach: '/sync/reattach',
  push: '/sync/push',
  pull: '/sync/pull',
  adminCodes: '/admin/enrollment-codes',
  adminDevices: '/admin/devices',
  adminRevoke: '/admin/devices/revoke',
  /** HQ staff only (admin token): a one-time code that attaches one more operator (a cooperative). */
  adminOperatorCodes: '/admin/operator-codes',
  adminAudit: '/admin/audit',
} as const;

/** Error codes HQ answers with; the device maps each to a translated message `sync.errors.codes.<code>`. */
export const syncErrorCodes = [
  'malformed',
  'too_large',
  'unauthenticated',
  'revoked',
  'replayed',
  'seq_gap',
  'upgrade_required',
  'hq_too_old',
  'code_invalid',
  'forbidden',
  'temporary',
  'not_found',
  /** Too many attempts from one address or with one code: try again after the `retry-after` seconds. */
  'rate_limited',
  /** An uploaded file's bytes do not match its SHA-256 (decision 0120): HQ kept nothing of it. */
  'file_mismatch',
] as const;
export type SyncErrorCode = (typeof syncErrorCodes)[number];

export const syncErrorBody = z.object({
  error: z.object({ code: z.enum(syncErrorCodes), message: z.string(), expectedSeq: z.number().int().optional() }),
});
export type SyncErrorBody = z.infer<typeof syncErrorBody>;

const id = z.string().min(1).max(64);
const actor = z.object({
  role: z.string().max(20),
  staffId: id.nullable(),
  workerId: id.nullable(),
});

export const queuedCommand = z.object({
  seq: z.number().int().positive(),
  /**
   * The command's own id (made on the device). Always sent by current devices: HQ stores it with the seq and answers
   * `diverged` when a known (device, seq) arrives with another id, and deduplicates by it across a device's
   * identities (src-shared/sync/replica.ts). Optional only for devices one protocol version behind.
   */
  id: id.optional(),
  name: z.string().min(1).max(80),
  args: z.unknown(),
  actor,
  hlc: z.string().min(20).max(60),
  /** Device wall clock at the command; omitted when equal to the HLC's wall time (most of the time). */
  deviceTime: z.number().int().optional(),
  /** Rows the command changed locally, so a rejection can send back HQ's version of exactly these rows. */
  touches: z.array(z.object({ tbl: z.string().max(60), id })).max(10000),
  /**
   * Fingerprint of the rows the command inserted on the device (`insertsHash` in checksum.ts). HQ sends back the rows
   * its own run inserted unless they hash the same. Absent (older clients): never sent back, as before.
   */
  insertsHash: z.number().int().nonnegative().optional(),
  /**
   * A staff actor's signature (Ed25519, base64url) over `commandProofText`; HQ refuses a staff command without a
   * valid one (docs/decisions/0072). Worker and kiosk commands carry none: device ceilings bound them.
   */
  proof: z.string().max(200).optional(),
});
export type QueuedCommand = z.infer<typeof queuedCommand> & {
  /** The low 16 bits of `insertsHash` (protocol 3): enough to tell a rare difference, two bytes on the wire. */
  insertsHash16?: number;
};

/** Commands one push may carry: a device sends 2,500 at most (src-main/sync/engine.ts); decision 0077. */
export const MAX_PUSH_COMMANDS = 5000;

/**
 * A command as a protocol-3 batch carries it (decision 0125): `n` names its id's series in the batch's `idSeries`
 * (the id is `<series>.<seq>`), `a` its actor in the batch's `actors`, `ih` the low 16 bits of its inserts hash.
 * Each may instead be given in full, as protocol 2 does.
 */
const wireCommand = queuedCommand.extend({
  actor: actor.optional(),
  n: z.number().int().min(0).max(99).optional(),
  a: z.number().int().min(0).max(MAX_PUSH_COMMANDS).optional(),
  ih: z.number().int().min(0).max(0xffff).optional(),
});

export const pushRequest = z
  .object({
    commands: z.array(wireCommand).min(1).max(MAX_PUSH_COMMANDS),
    idSeries: z.array(z.string().refine(isCommandSeries)).max(100).optional(),
    actors: z.array(actor).max(MAX_PUSH_COMMANDS).optional(),
  })
  .transform((body, ctx): { commands: QueuedCommand[] } => {
    const commands: QueuedCommand[] = [];
    for (const { n, a, ih, ...c } of body.commands) {
      const series = n === undefined ? undefined : body.idSeries?.[n];
      const who = a === undefined ? c.actor : body.actors?.[a];
      if ((n !== undefined && !series) || !who) {
        ctx.addIssue({ code: 'custom', message: 'unresolved command reference' });
        return z.NEVER;
      }
      commands.push({ ...c, actor: who, ...(series ? { id: commandId(series, c.seq) } : {}), ...(ih === undefined ? {} : { insertsHash16: ih }) });
    }
    return { commands };
  });
export type PushRequest = z.output<typeof pushRequest>;

export const rowImage = z.object({
  tbl: z.string(),
  id: z.string(),
  hlc: z.string(),
  /** null: the row left this bucket (or does not exist at HQ). */
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type RowImage = z.infer<typeof rowImage>;

export const reason = z.object({
  code: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type RejectionReason = z.infer<typeof reason>;

export const pushResult = z.discriminatedUnion('status', [
  z.object({ seq: z.number().int(), status: z.literal('applied') }),
  z.object({ seq: z.number().int(), status: z.literal('duplicate') }),
  z.object({ seq: z.number().int(), status: z.literal('held') }),
  /** HQ applied a different command under this (device, seq): see replica.ts. Only answered to commands with an id. */
  z.object({ seq: z.number().int(), status: z.literal('diverged') }),
  z.object({ seq: z.number().int(), status: z.literal('rejected'), reason, revert: z.array(rowImage) }),
]);
export type PushResult = z.infer<typeof pushResult>;

export const pushResponse = z.object({ hqTime: z.number(), lastSeq: z.number().int(), results: z.array(pushResult) });
export type PushResponse = z.infer<typeof pushResponse>;

export const pullRequest = z.object({
  /** Last cursor the device holds per bucket. Buckets it names that are not its own are ignored. */
  cursors: z.record(z.string().max(120), z.number().int().nonnegative()),
  /** Upper bound on rows in this response; HQ may send fewer. */
  limit: z.number().int().positive().max(100000).default(20000),
  /**
   * Upper bound on the row JSON in this response, in bytes before compression: the device sizes its pages to its
   * measured link (decision 0097). HQ stops a page at the row that reaches it (always sending at least one row), so
   * a page takes about the time the device asked for. Absent (older devices): rows only.
   */
  maxBytes: z.number().int().min(1024).max(256_000_000).optional(),
  /** Seqs of late rejections (see `lateRejection`) this device has stored: HQ stops sending them. */
  ackRejections: z.array(z.number().int().positive()).max(1000).optional(),
  /**
   * Buckets the device is filling from nothing (first download or re-fetch), sorted: HQ sends every row of them,
   * the device's own inserts included, on every page — not only on the first (decision 0063).
   */
  full: z.array(z.string().max(120)).max(1000).optional(),
});
export type PullRequest = z.input<typeof pullRequest>;

export const bucketPage = z.object({
  bucket: z.string(),
  rows: z.array(rowImage),
  /** Cursor after the last row of this page. */
  cursor: z.number().int(),
  more: z.boolean(),
});
export type BucketPage = z.infer<typeof bucketPage>;

export const bucketCheckpoint = z.object({ cursor: z.number().int(), checksum: z.number().int(), count: z.number().int() });
export type BucketCheckpoint = z.infer<typeof bucketCheckpoint>;

/**
 * A command HQ once answered "held" (it did not know it yet) and rejected after learning it: the device shows it like
 * any rejection and puts back HQ's version of the rows it touched, then acknowledges it in its next pull.
 */
export const lateRejection = z.object({
  seq: z.number().int().positive(),
  commandId: z.string(),
  name: z.string(),
  args: z.unknown(),
  reason,
  revert: z.array(rowImage),
});
export type LateRejection = z.infer<typeof lateRejection>;

export const pullResponse = z.object({
  hqTime: z.number(),
  /** The device's buckets, computed at HQ from the device registry. Anything else the device holds must go. */
  buckets: z.array(z.string()),
  /** HQ's last applied seq of this device when the pages were read (read-your-writes gate, rule 5). */
  appliedSeq: z.number().int(),
  pages: z.array(bucketPage),
  /** State of each complete bucket at the same instant: checksum over its rows, in the client's checksum version. */
  checkpoint: z.record(z.string(), bucketCheckpoint),
  /** Late rejections not yet acknowledged (absent from older HQs). */
  lateRejections: z.array(lateRejection).optional(),
  /**
   * Rows each bucket of `pages` holds at HQ, for a progress bar while a new device fills a bucket from nothing
   * (absent from older HQs).
   */
  sizes: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type PullResponse = z.infer<typeof pullResponse>;

export const deviceKind = z.enum(['center', 'loaned']);

export const attachRequest = z.object({
  code: z.string().min(4).max(40),
  deviceId: id,
  operatorId: id,
  kind: deviceKind,
  siteId: id.nullable(),
  workerId: id.nullable(),
  /**
   * Staff public keys the attaching device's queue was signed with (staff id → key). HQ trusts them on first attach,
   * records them in its audit trail, and uses each only until that person's credential row reaches HQ.
   */
  staffKeys: z
    .record(id, z.string().max(100))
    .refine((keys) => Object.keys(keys).length <= 500)
    .optional(),
  /** The last seq of the queue the device brings (made before HQ knew the operator; decision 0123). */
  historySeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export const enrollRequest = z.object({ code: z.string().min(4).max(40), deviceId: id });
/** Sent with the current credential: the fresh identity (made and stored by the device first, so a retry reuses it). */
export const reattachRequest = z.object({
  deviceId: id,
  reason: z.enum(['diverged', 'device_restored', 'seq_gap']),
  /** The new identity's first seq: after every seq the device or HQ ever used, so no local record is ever reused. */
  startSeq: z.number().int().positive(),
});
export const credentialResponse = z.object({
  deviceId: id,
  secret: z.string(),
  operatorId: id,
  kind: deviceKind,
  siteId: id.nullable(),
  workerId: id.nullable(),
});
export type CredentialResponse = z.infer<typeof credentialResponse>;

export const createCodeRequest = z.object({
  operatorId: id.optional(),
  kind: deviceKind,
  siteId: id.nullable().default(null),
  workerId: id.nullable().default(null),
  ttlMinutes: z.number().int().min(1).max(60 * 24 * 14).default(60 * 24),
});
export const createCodeResponse = z.object({ code: z.string(), expiresAt: z.number() });

export const deviceSummary = z.object({
  deviceId: z.string(),
  kind: deviceKind,
  siteId: z.string().nullable(),
  workerId: z.string().nullable(),
  lastSeq: z.number(),
  lastSeen: z.number().nullable(),
  appVersion: z.string().nullable(),
  schemaVersion: z.number().nullable(),
  clockOffsetMs: z.number().nullable(),
  /** The identity this device re-attached from (decision 0067), if any. */
  replaces: z.string().nullable().optional(),
  /** Commands the device said it still had queued at its last contact. */
  queued: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type DeviceSummary = z.infer<typeof deviceSummary>;
export const listDevicesResponse = z.object({ devices: z.array(deviceSummary) });

export const hqAuditActions = ['operator.attached', 'operator.code_created', 'enrollment.code_created', 'device.enrolled', 'device.revoked', 'device.reattached'] as const;
export const hqAuditEntry = z.object({
  at: z.number(),
  action: z.enum(hqAuditActions),
  actor: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
});
export type HqAuditEntry = z.infer<typeof hqAuditEntry>;
export const hqAuditResponse = z.object({ entries: z.array(hqAuditEntry) });
export const revokeRequest = z.object({ operatorId: id.optional(), deviceId: id });

/** Extra request header: how many commands are waiting in the device queue (admin lag view). */
export const queuedHeader = 'x-tomoni-queued';

/**
 * The cursors of the pull that follows an answer: the same cursors, moved past each page it carried. The device asks
 * with these and HQ reads ahead with them (src-server/sync/pull-prefetch.ts): both must compute them alike.
 */
export function cursorsAfter(cursors: PullRequest['cursors'], pages: readonly { bucket: string; cursor: number }[]): PullRequest['cursors'] {
  const next = { ...cursors };
  for (const page of pages) next[page.bucket] = page.cursor;
  return next;
}

/**
 * The `full` list of the pull that follows an answer: the buckets still being filled (a bucket first seen in this
 * answer, or paged from cursor 0, is filled from nothing; one that reached its checkpoint is done). Same rule on both sides, like cursorsAfter.
 */
export function fullAfter(cursors: PullRequest['cursors'], full: readonly string[], pages: readonly { bucket: string }[], checkpoint: Record<string, unknown>): string[] {
  const next = new Set(full);
  for (const page of pages) if (!cursors[page.bucket]) next.add(page.bucket);
  return [...next].filter((b) => !(b in checkpoint)).sort();
}

/** Highest of two HLC strings (fixed width, so string order is causal order). */
export function maxHlc(a: string | null | undefined, b: string | null | undefined): string {
  if (!a) return b ?? '';
  if (!b) return a;
  return a > b ? a : b;
}
