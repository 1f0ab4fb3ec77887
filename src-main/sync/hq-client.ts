// Talks the sync protocol to HQ over a transport: version headers, device credential, request ids, gzip bodies,
// zod-validated answers, and a clock-offset measurement at every exchange (RTT-compensated).
import { randomUUID } from 'node:crypto';
import { brotliCompressSync, constants } from 'node:zlib';
import type { z } from 'zod';
import { PROTOCOL_VERSION, headers as H, queuedHeader, syncErrorBody } from '../../src-shared/sync/protocol';
import type { Clock } from '../store/clock';
import { createLogger } from '../logging/logger';

const log = createLogger('sync.client');
import type { SyncTransport, TransportRequest, TransportResponse } from './transport';

/** A refusal or failure talking to HQ. `network` and `temporary` are worth retrying; the rest need a person. */
export class SyncHttpError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly expectedSeq?: number,
  ) {
    super(`sync ${status} ${code}`);
    this.name = 'SyncHttpError';
  }
  get retryable(): boolean {
    return ['network', 'temporary', 'malformed_response', 'replayed'].includes(this.code) || this.status >= 500;
  }
}

/** A request body already serialized as JSON (see engine.ts: push batches are spliced from stored JSON). */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface ClientIdentity {
  appVersion: string;
  schemaVersion: number;
  protocolVersion?: number;
}

export interface Exchange<T> {
  value: T;
  /** HQ time − device time, estimated at the midpoint of the round trip. */
  clockOffsetMs: number | null;
  bytesSent: number;
  /** The answer's body, decoded (what HQ's page budget counts). */
  bytesReceived: number;
  /** The answer's body as it crossed the network (compressed). */
  wireBytesReceived: number;
  /** Seconds from sending the request to holding the whole answer (a monotonic clock, not the device's). */
  seconds: number;
  /** SHA-256 (hex) of HQ's TLS certificate, over HTTPS. */
  fingerprint?: string;
}

export class HqClient {
  lastClockOffsetMs: number | null = null;
  queued: number | null = null;
  constructor(
    private readonly transport: SyncTransport,
    private readonly identity: ClientIdentity,
    private readonly clock: Clock,
    private credential: { deviceId: string; secret: string } | null = null,
  ) {}

  /** The protocol this client speaks (HQ answers each client in its own, e.g. its checksum definition). */
  get protocolVersion(): number {
    return this.identity.protocolVersion ?? PROTOCOL_VERSION;
  }

  setCredential(credential: { deviceId: string; secret: string } | null): void {
    this.credential = credential;
  }

  /** Version headers, a fresh request id, the clock facts and the device credential. */
  private headersAt(sentAt: number): Record<string, string> {
    return {
      [H.protocol]: String(this.identity.protocolVersion ?? PROTOCOL_VERSION),
      [H.schema]: String(this.identity.schemaVersion),
      [H.app]: this.identity.appVersion,
      [H.requestId]: randomUUID(),
      [H.deviceTime]: String(sentAt),
      ...(this.lastClockOffsetMs !== null ? { [H.clockOffset]: String(this.lastClockOffsetMs) } : {}),
      ...(this.queued !== null ? { [queuedHeader]: String(this.queued) } : {}),
      ...(this.credential ? { authorization: `Device ${this.credential.deviceId}.${this.credential.secret}` } : {}),
    };
  }

  /** One request; a failure to reach HQ (or the wrong certificate) becomes the SyncHttpError the agent shows. */
  private async exchange(req: TransportRequest): Promise<TransportResponse> {
    try {
      return await this.transport(req);
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      // Someone other than HQ answered (or HQ's certificate changed): nothing was sent; a person must look.
      if (code === 'CERT_PIN_MISMATCH' || code === 'CERT_PIN_MISSING') {
        log.warn('HQ certificate refused', { path: req.path, code });
        throw new SyncHttpError(code === 'CERT_PIN_MISMATCH' ? 'tls_pin_mismatch' : 'tls_pin_missing', 0);
      }
      log.info('HQ unreachable', { path: req.path, error: err instanceof Error ? err.message : String(err), ...(code ? { code } : {}) });
      throw new SyncHttpError('network', 0);
    }
  }

  /**
   * A request whose body and answer are bytes (source files, decision 0120). Answers other than 200/206 become a
   * SyncHttpError with HQ's code; the caller reads the body of a success itself.
   */
  async send(method: 'GET' | 'PUT', path: string, body: Uint8Array | null, extra: Record<string, string> = {}): Promise<TransportResponse> {
    const res = await this.exchange({ method, path, headers: { ...this.headersAt(this.clock.now()), ...extra }, body });
    if (res.status === 200 || res.status === 206) return res;
    let code = 'temporary';
    try {
      const err = syncErrorBody.safeParse(JSON.parse(res.text ?? Buffer.from(res.body).toString('utf8')));
      if (err.success) code = err.data.error.code;
    } catch {
      // Not HQ's JSON (a proxy's page): a temporary trouble like any 5xx.
    }
    throw new SyncHttpError(code, res.status);
  }

  async post<S extends z.ZodType>(path: string, body: unknown, schema: S, extra: Record<string, string> = {}): Promise<Exchange<z.output<S>>> {
    const raw = Buffer.from(body instanceof RawJson ? body.text : JSON.stringify(body));
    // Brotli quality 5 with a 4 MB window (a push batch is ~1 MB of JSON): on the week's keyed records 6 % more bytes
    // than quality 7 with a 16 MB window for a quarter of the CPU, and 14 % fewer bytes than gzip 6 (decision 0089).
    const payload = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 22, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    const sentAt = this.clock.now();
    const headers = { 'content-type': 'application/json', 'content-encoding': 'br', ...this.headersAt(sentAt), ...extra };
    const started = performance.now();
    const res = await this.exchange({ method: 'POST', path, headers, body: payload });
    const receivedAt = this.clock.now();
    const seconds = (performance.now() - started) / 1000;
    let json: unknown;
    try {
      json = JSON.parse(res.text ?? Buffer.from(res.body).toString('utf8'));
    } catch {
      throw new SyncHttpError(res.status >= 500 ? 'temporary' : 'malformed_response', res.status);
    }
    if (res.status !== 200) {
      const err = syncErrorBody.safeParse(json);
      throw new SyncHttpError(err.success ? err.data.error.code : 'temporary', res.status, err.success ? err.data.error.expectedSeq : undefined);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncHttpError('malformed_response', res.status);
    // A pull answer read ahead at HQ carries the time it was prepared; the header says when it left (decision 0064).
    const sentTime = Number(res.headers[H.hqTime]);
    const hqTime = res.headers[H.hqTime] !== undefined && Number.isFinite(sentTime) ? sentTime : (parsed.data as { hqTime?: unknown }).hqTime;
    let clockOffsetMs: number | null = null;
    if (typeof hqTime === 'number') {
      clockOffsetMs = Math.round(hqTime - (sentAt + receivedAt) / 2);
      this.lastClockOffsetMs = clockOffsetMs;
    }
    return {
      value: parsed.data,
      clockOffsetMs,
      bytesSent: payload.length,
      bytesReceived: res.body.length,
      wireBytesReceived: res.wireBytes ?? res.body.length,
      seconds,
      ...(res.fingerprint ? { fingerprint: res.fingerprint } : {}),
    };
  }
}
