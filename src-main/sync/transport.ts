// How the agent reaches HQ. Injectable: real HTTP (fetch, keep-alive) in the app; in-process or fault-injecting
// transports in tests, the simulator and the benchmarks. Bodies are bytes so faults can truncate them.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { requestOffThread, type CertificatePin } from './http-worker';

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** Decoded body (content-encoding already undone). */
  body: Uint8Array;
  /** The same body as UTF-8 text, when the transport already decoded it (off the main thread). */
  text?: string;
  /** SHA-256 (hex) of HQ's TLS certificate, when the request went over HTTPS. */
  fingerprint?: string;
  /** Bytes of the body as it crossed the network (compressed), when the transport knows them. */
  wireBytes?: number;
}

export type SyncTransport = (request: TransportRequest) => Promise<TransportResponse>;

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, key) => (out[key] = value));
  return out;
}

/**
 * Real HTTP to an HQ URL, on the shared HTTP worker (http-worker.ts): fetch keeps connections alive, undoes gzip/br
 * itself and retries once on a connection the server already closed — all off the main thread. `idleMs`: the longest
 * silence tolerated, not a deadline for the whole answer (decision 0097).
 */
export function httpTransport(baseUrl: string, pin: CertificatePin | null = null, idleMs = 120_000): SyncTransport {
  const base = baseUrl.replace(/\/+$/, '');
  return (req) =>
    requestOffThread({
      url: base + req.path,
      pin,
      method: req.method,
      headers: { ...req.headers, 'accept-encoding': 'br, gzip' },
      body: req.body ?? undefined,
      timeoutMs: idleMs,
    });
}

/** Calls an HTTP handler (the HQ hono app) in process: the full HTTP stack without sockets. */
export function inProcessTransport(handler: { fetch(req: Request): Response | Promise<Response> }): SyncTransport {
  return async (req) => {
    const res = await handler.fetch(
      new Request('http://hq.local' + req.path, {
        method: req.method,
        headers: { ...req.headers, 'accept-encoding': 'br, gzip' },
        body: req.body ? Buffer.from(req.body) : undefined,
      }),
    );
    let body: Buffer = Buffer.from(await res.arrayBuffer());
    const wireBytes = body.length;
    const encoding = res.headers.get('content-encoding');
    if (encoding === 'gzip') body = gunzipSync(body);
    else if (encoding === 'br') body = brotliDecompressSync(body);
    return { status: res.status, headers: headersOf(res.headers), body: new Uint8Array(body), wireBytes };
  };
}
