// HQ over HTTP (hono): health, metrics, enrollment, push, pull and admin. Every refusal is a 4xx with a clear code.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import {
  PROTOCOL_VERSION,
  attachRequest,
  cursorsAfter,
  fullAfter,
  createCodeRequest,
  enrollRequest,
  headers as H,
  paths,
  pullRequest,
  pushRequest,
  reattachRequest,
  type PullRequest,
  queuedHeader,
  revokeRequest,
} from '../../src-shared/sync/protocol';
import { z } from 'zod';
import { checksumVersionFor } from '../../src-shared/sync/checksum';
import { listHqAudit } from '../admin/audit';
import { adminTokenValid, codeHash, createEnrollmentCode, enrollDevice, HQ_STAFF, listDevices, operatorIds, revokeDevice, tokenValid, type AuditBy } from '../admin/enrollment';
import { attachOperator, createOperatorCode } from '../admin/operators';
import type { Logger } from '../logging/logger';
import { HQ_SCHEMA_VERSION } from '../store/schema';
import type { SqlDb } from '../store/sql';
import { findDevice, recordContact, secretMatches, type ContactFacts, type DeviceRecord } from '../sync/devices';
import { SyncError } from '../sync/errors';
import { pullChanges, serializePull } from '../sync/pull';
import { ackLateRejections, lateRejectionsFor } from '../sync/late-rejections';
import { createPushIngest } from '../sync/push';
import { reattachDevice } from '../sync/reattach';
import { PullPrefetch, pullKey, type PageSize, type PreparedPull } from '../sync/pull-prefetch';
import { loadEntity } from '../store/entities';
import { assertHeldRoom } from '../sync/held';
import { bodyLimits, encodeJson, readBody, sendEncoded, sendJson, type EncodedJson } from './body';
import { checkCommandCount, checkCursorCount } from '../sync/bounds';
import { adminProofValid, staffPublicKey } from '../auth/proofs';
import { ADMIN_PROOF_WINDOW_MS } from '../../src-shared/sync/proof';
import type { HqMetrics } from './metrics';
import { RateLimiter } from './rate-limit';
import { mountUpdateRoutes } from '../updates/routes';
import { mountFileRoutes } from '../files/routes';
import type { HqFileStore } from '../files/file-store';

export interface HqDeps {
  db: SqlDb;
  log: Logger;
  metrics: HqMetrics;
  now(): number;
  /** HQ's certificate pin (decision 0079), appended to every code HQ hands out; null when HQ speaks plain HTTP. */
  pin?: string | null;
  gapWaitMs?: number;
  /** Where published update releases live (decision 0103); null or absent: this HQ serves no updates. */
  updatesDir?: string | null;
  /** HQ's copy of source files (decision 0120); null or absent: this HQ relays no files. */
  files?: HqFileStore | null;
}

type Env = { Variables: { requestId: string } };

/** Where a request came from: the peer address under @hono/node-server; `local` for in-process calls. */
function sourceOf(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

const MINUTE = 60_000;

/** Node's error for a request body the client stopped sending (connection closed or reset). */
function clientWentAway(err: unknown): boolean {
  const e = err as { message?: string; code?: string };
  return e?.message === 'aborted' || e?.code === 'ECONNRESET';
}

function versions(c: Context): { protocol: number; schema: number | null; app: string | null } {
  const raw = c.req.header(H.protocol) ?? '';
  if (!/^\d{1,4}$/.test(raw)) throw new SyncError('malformed', 400);
  const protocol = Number(raw);
  if (protocol < PROTOCOL_VERSION - 1) throw new SyncError('upgrade_required', 426);
  if (protocol > PROTOCOL_VERSION) throw new SyncError('hq_too_old', 426);
  const schema = Number(c.req.header(H.schema));
  return { protocol, schema: Number.isFinite(schema) ? schema : null, app: c.req.header(H.app)?.slice(0, 40) ?? null };
}

export function createHqApp(deps: HqDeps): Hono<Env> {
  const { db, log, metrics } = deps;
  const app = new Hono<Env>();
  const ingest = createPushIngest(db, (pushes) => metrics.pushGroup.observe(pushes));
  const prefetch = new PullPrefetch<EncodedJson>(deps.now);
  // Decision 0078: codes are 60 bits, so guessing is hopeless anyway; the limits keep a flood from costing HQ work.
  // Each counts failures only.
  const codesByAddress = new RateLimiter({ max: 30, windowMs: 10 * MINUTE }, deps.now);
  const codesByCode = new RateLimiter({ max: 10, windowMs: 10 * MINUTE }, deps.now);
  const tokenFailures = new RateLimiter({ max: 20, windowMs: 10 * MINUTE }, deps.now);
  const withPin = (code: string) => (deps.pin ? `${code}@${deps.pin}` : code);

  const refuseWhileFull = (limiter: RateLimiter, key: string) => {
    if (limiter.full(key)) throw new SyncError('rate_limited', 429, { retryAfter: limiter.retryAfterSeconds(key) });
  };

  /** An address that keeps presenting wrong tokens is refused for a while, right or wrong. */
  async function bearerValid(c: Context<Env>, check: (token: string) => Promise<boolean>): Promise<boolean> {
    const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '');
    if (!bearer) return false;
    const source = sourceOf(c);
    refuseWhileFull(tokenFailures, source);
    if (await check(bearer[1])) return true;
    tokenFailures.take(source);
    return false;
  }

  /**
   * Enrollment and attach codes: wrong codes are counted per source address (checked before the body is read) and
   * per code. Codes that work do not count, so HQ staff can enroll a room full of PCs from one office.
   */
  async function withCode<S extends z.ZodType<{ code: string }>, T>(c: Context<Env>, schema: S, use: (input: z.output<S>) => Promise<T>): Promise<T> {
    const source = sourceOf(c);
    refuseWhileFull(codesByAddress, source);
    const input: z.output<S> = await readBody(c, schema);
    const code = codeHash(input.code);
    refuseWhileFull(codesByCode, code);
    try {
      return await use(input);
    } catch (err) {
      if (err instanceof SyncError && err.code === 'code_invalid') {
        codesByAddress.take(source);
        codesByCode.take(code);
      }
      throw err;
    }
  }

  app.use('*', async (c, next) => {
    const requestId = (c.req.header(H.requestId) ?? '').slice(0, 80) || randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    const route = c.req.routePath ?? c.req.path;
    metrics.requests.inc({ route, status: String(c.res.status) });
    metrics.duration.observe({ route }, (performance.now() - started) / 1000);
    log.info('request', { requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  });

  app.onError((err, c) => {
    if (err instanceof SyncError) {
      const headers: Record<string, string> = {};
      if (err.extra.retryAfter) headers['retry-after'] = String(err.extra.retryAfter);
      const { retryAfter: _shownAsHeader, ...extra } = err.extra;
      return c.json({ error: { code: err.code, message: err.message, ...extra } }, err.status, headers);
    }
    if (clientWentAway(err)) {
      // The link dropped mid-request (a VPN on a weak line does): nobody is left to answer, and nothing was applied.
      log.info('device went away mid-request', { requestId: c.get('requestId') });
      return c.json({ error: { code: 'malformed', message: 'aborted' } }, 400);
    }
    log.error('request failed', { requestId: c.get('requestId'), error: err instanceof Error ? err.stack : String(err) });
    return c.json({ error: { code: 'temporary', message: 'temporary' } }, 503);
  });

  app.get('/health', async (c) => {
    await db.all('SELECT 1 AS x');
    return c.json({ ok: true, protocol: PROTOCOL_VERSION, schemaVersion: HQ_SCHEMA_VERSION, dialect: db.dialect });
  });
  // Metrics name routes, counts and timings: for monitoring with its own token (or HQ staff's), not for anyone.
  app.get('/metrics', async (c) => {
    const ok = await bearerValid(c, async (token) => (await tokenValid(db, 'metrics_token_hash', token)) || (await adminTokenValid(db, token)));
    if (!ok) throw new SyncError('unauthenticated', 401);
    return c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  /** The device credential: `Authorization: Device <deviceId>.<secret>`. */
  async function authDevice(c: Context<Env>): Promise<DeviceRecord> {
    const match = /^Device ([^.\s]+)\.(\S+)$/.exec(c.req.header('authorization') ?? '');
    if (!match) throw new SyncError('unauthenticated', 401);
    const device = await findDevice(db, match[1]);
    if (!device || !secretMatches(match[2], device.secret_hash)) throw new SyncError('unauthenticated', 401);
    if (device.revoked_at) throw new SyncError('revoked', 403);
    return device;
  }

  function contactFacts(c: Context<Env>, v: ReturnType<typeof versions>): ContactFacts {
    const offset = Number(c.req.header(H.clockOffset));
    const clockOffsetMs = c.req.header(H.clockOffset) !== undefined && Number.isFinite(offset) ? Math.round(offset) : null;
    const queued = Number(c.req.header(queuedHeader));
    return {
      now: deps.now(),
      appVersion: v.app,
      schemaVersion: v.schema,
      protocolVersion: v.protocol,
      clockOffsetMs,
      queued: Number.isFinite(queued) && c.req.header(queuedHeader) !== undefined ? queued : null,
    };
  }

  app.post(paths.attach, async (c) => {
    versions(c);
    return sendJson(c, await withCode(c, attachRequest, (input) => attachOperator(db, input, deps.now(), { requestId: c.get('requestId') })));
  });
  app.post(paths.enroll, async (c) => {
    versions(c);
    return sendJson(c, await withCode(c, enrollRequest, (input) => enrollDevice(db, input, deps.now(), { requestId: c.get('requestId') })));
  });

  app.post(paths.reattach, async (c) => {
    versions(c);
    const match = /^Device ([^.\s]+)\.(\S+)$/.exec(c.req.header('authorization') ?? '');
    if (!match) throw new SyncError('unauthenticated', 401);
    const input = await readBody(c, reattachRequest);
    const cred = await reattachDevice(db, { deviceId: match[1], secret: match[2] }, input, deps.now(), c.get('requestId'));
    log.info('device re-attached', { from: match[1], to: input.deviceId, reason: input.reason, requestId: c.get('requestId') });
    return sendJson(c, cred);
  });

  app.post(paths.push, async (c) => {
    const v = versions(c);
    const device = await authDevice(c);
    const request = await readBody(c, pushRequest, bodyLimits.push, checkCommandCount);
    await assertHeldRoom(db, device, request);
    const requestId = c.req.header(H.requestId);
    if (!requestId) throw new SyncError('malformed', 400);
    // A device pipelines batches over separate connections; one may overtake another. Wait briefly for the gap to
    // close before answering `seq_gap`.
    const first = Math.min(...request.commands.map((x) => x.seq));
    for (let waited = 0, lastSeq = device.last_seq; first > lastSeq + 1 && waited < (deps.gapWaitMs ?? 15_000); waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const now = await findDevice(db, device.device_id);
      if (!now) break;
      lastSeq = now.last_seq;
    }
    // The request id, the contact facts and the commands are written in one transaction (shared with other pushes).
    const response = await ingest({
      deviceId: device.device_id,
      operatorId: device.operator_id,
      request,
      requestId: requestId.slice(0, 80),
      contact: contactFacts(c, v),
    });
    const counts = new Map<string, number>();
    for (const r of response.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    for (const [status, n] of counts) metrics.commands.inc({ status }, n);
    return sendJson(c, response);
  });

  /** One pull answer, encoded for the wire, and where the device will most likely ask to continue. */
  async function preparePull(device: DeviceRecord, cursors: PullRequest['cursors'], full: string[], size: PageSize, accept: string, protocol: number): Promise<PreparedPull<EncodedJson>> {
    const response = await pullChanges(db, device.device_id, { cursors, ...size, full }, deps.now(), checksumVersionFor(protocol));
    const late = await lateRejectionsFor(db, device);
    if (late.length) response.lateRejections = late;
    const more = response.pages.some((p) => p.more);
    const next = more ? { cursors: cursorsAfter(cursors, response.pages), full: fullAfter(cursors, full, response.pages, response.checkpoint) } : null;
    const rows = response.pages.reduce((n, p) => n + p.rows.count, 0);
    return { body: await encodeJson(serializePull(response), accept), rows, appliedSeq: response.appliedSeq, next };
  }

  app.post(paths.pull, async (c) => {
    const v = versions(c);
    const device = await authDevice(c);
    const request = await readBody(c, pullRequest, bodyLimits.pull, checkCursorCount);
    await recordContact(db, device, contactFacts(c, v));
    const acks = request.ackRejections ?? [];
    if (acks.length) await ackLateRejections(db, device, acks, deps.now());
    const accept = c.req.header('accept-encoding') ?? '';
    // An acknowledgement changes the late rejections to send: such a request is always read afresh.
    const full = [...(request.full ?? [])].sort();
    const size: PageSize = { limit: request.limit, ...(request.maxBytes ? { maxBytes: request.maxBytes } : {}) };
    const ahead = acks.length ? null : prefetch.take(device.device_id, pullKey(request.cursors, size, accept, full));
    const read = ahead && ahead !== 'miss' ? await ahead.catch(() => null) : null;
    // Read ahead before the device's latest push was applied: its own writes could be missing (read-your-writes).
    const fresh = read && read.appliedSeq >= device.last_seq ? read : null;
    if (ahead) metrics.pullAhead.inc({ result: ahead === 'miss' ? 'miss' : fresh ? 'hit' : 'stale' });
    const answer = fresh ?? (await preparePull(device, request.cursors, full, size, accept, v.protocol));
    metrics.rowsServed.inc(answer.rows);
    const next = answer.next;
    if (next) prefetch.offer(device.device_id, pullKey(next.cursors, size, accept, next.full), () => preparePull(device, next.cursors, next.full, size, accept, v.protocol));
    const res = sendEncoded(c, answer.body);
    // The body may have been prepared ahead (its hqTime is then old): the device's clock is measured from this.
    res.headers.set(H.hqTime, String(deps.now()));
    return res;
  });

  /** An admin call's body: the JSON as sent (an admin's signature covers exactly that) and its validated form. */
  async function readAdminBody<S extends z.ZodType>(c: Context<Env>, schema: S): Promise<{ raw: unknown; input: z.output<S> }> {
    const raw = await readBody(c, z.unknown());
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new SyncError('malformed', 400);
    return { raw, input: parsed.data };
  }

  /**
   * HQ staff: the admin token printed at first start, or an admin acting through an enrolled center PC of the
   * operator — proven by their signature over this very call (decision 0072), never by naming them. Returns the
   * operator acted on and who acted (for HQ's audit trail).
   */
  async function authAdmin(c: Context<Env>, requested: string | undefined, raw: unknown): Promise<{ operatorId: string; by: AuditBy }> {
    const requestId = c.get('requestId');
    const auth = c.req.header('authorization') ?? '';
    const bearer = /^Bearer (\S+)$/.exec(auth);
    if (bearer) {
      if (!(await bearerValid(c, (token) => adminTokenValid(db, token)))) throw new SyncError('unauthenticated', 401);
      const operators = await operatorIds(db);
      const operatorId = requested ?? (operators.length === 1 ? operators[0] : undefined);
      if (!operatorId) throw new SyncError('malformed', 400);
      return { operatorId, by: { ...HQ_STAFF, requestId } };
    }
    const device = await authDevice(c);
    // Device ceiling (decision 0073): a loaned PC never acts for staff.
    if (device.kind !== 'center') throw new SyncError('forbidden', 403);
    if (requested && requested !== device.operator_id) throw new SyncError('forbidden', 403);
    const staffId = c.req.header(H.staff) ?? '';
    const proof = c.req.header(H.staffProof) ?? '';
    const time = Number(c.req.header(H.staffTime));
    const staff = staffId ? await loadEntity(db, device.operator_id, 'staff', staffId) : undefined;
    if (!staff || staff.data.role !== 'admin' || staff.data.active === false || !proof) throw new SyncError('forbidden', 403);
    if (!Number.isFinite(time) || Math.abs(time - deps.now()) > ADMIN_PROOF_WINDOW_MS) throw new SyncError('forbidden', 403);
    const publicKey = await staffPublicKey(db, device.operator_id, staffId);
    const fields = { method: c.req.method, path: c.req.path, time, deviceId: device.device_id, staffId, requestId };
    if (!publicKey || !adminProofValid(publicKey, fields, raw, proof)) throw new SyncError('forbidden', 403);
    // Each signed call is good once: a captured one replayed within the time window is refused.
    const fresh = await db.all('INSERT INTO seen_requests (operator_id, device_id, request_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING request_id', [
      device.operator_id,
      device.device_id,
      `admin:${requestId}`,
      deps.now(),
    ]);
    if (fresh.length === 0) throw new SyncError('replayed', 409);
    return { operatorId: device.operator_id, by: { actor: `staff:${staffId}`, requestId } };
  }

  app.post(paths.adminCodes, async (c) => {
    versions(c);
    const { raw, input } = await readAdminBody(c, createCodeRequest);
    const { operatorId, by } = await authAdmin(c, input.operatorId, raw);
    const created = await createEnrollmentCode(db, { ...input, operatorId }, deps.now(), by);
    return sendJson(c, { ...created, code: withPin(created.code) });
  });
  app.post(paths.adminOperatorCodes, async (c) => {
    versions(c);
    const input = await readBody(c, z.object({ ttlMinutes: z.number().int().min(5).max(60 * 24 * 14) }));
    // HQ staff only: an operator's admin on a device must not be able to bring in other operators.
    if (!(await bearerValid(c, (token) => adminTokenValid(db, token)))) throw new SyncError('unauthenticated', 401);
    const created = await createOperatorCode(db, input.ttlMinutes, deps.now(), { ...HQ_STAFF, requestId: c.get('requestId') });
    log.info('operator code created', { requestId: c.get('requestId'), expiresAt: created.expiresAt });
    return sendJson(c, { ...created, code: withPin(created.code) });
  });
  app.post(paths.adminDevices, async (c) => {
    versions(c);
    const { raw, input } = await readAdminBody(c, z.object({ operatorId: z.string().optional() }));
    const { operatorId } = await authAdmin(c, input.operatorId, raw);
    return sendJson(c, { devices: await listDevices(db, operatorId) });
  });
  app.post(paths.adminAudit, async (c) => {
    versions(c);
    const { raw, input } = await readAdminBody(c, z.object({ operatorId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }));
    const { operatorId } = await authAdmin(c, input.operatorId, raw);
    return sendJson(c, { entries: await listHqAudit(db, operatorId, input.limit) });
  });
  app.post(paths.adminRevoke, async (c) => {
    versions(c);
    const { raw, input } = await readAdminBody(c, revokeRequest);
    const { operatorId, by } = await authAdmin(c, input.operatorId, raw);
    await revokeDevice(db, operatorId, input.deviceId, deps.now(), by);
    log.info('device revoked', { operatorId, deviceId: input.deviceId, requestId: c.get('requestId') });
    return sendJson(c, { ok: true });
  });

  // The update feed: enrolled devices only (a revoked one gets nothing), or HQ staff checking it with the admin token.
  mountFileRoutes(app, {
    db,
    files: deps.files ?? null,
    authenticate: (c) => authDevice(c),
    moved: (direction, bytes) => metrics.fileBytes.inc({ direction }, bytes),
  });
  mountUpdateRoutes(app, {
    db,
    updatesDir: deps.updatesDir ?? null,
    authenticate: async (c) => {
      if (/^Bearer /.test(c.req.header('authorization') ?? '')) {
        if (!(await bearerValid(c, (token) => adminTokenValid(db, token)))) throw new SyncError('unauthenticated', 401);
        return;
      }
      await authDevice(c);
    },
  });

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'not_found' } }, 404));
  return app;
}
