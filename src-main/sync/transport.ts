// How the agent reaches HQ. Injectable: real HTTP (fetch, keep-alive) in the app; in-process or fault-injecting
// transports in tests, the simulator and the benchmarks. Bodies are bytes so faults can truncate them.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface TransportRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** Decoded body (content-encoding already undone). */
  body: Uint8Array;
}

export type SyncTransport = (request: TransportRequest) => Promise<TransportResponse>;

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, key) => (out[key] = value));
  return out;
}

/** Real HTTP to an HQ URL. fetch keeps connections alive and undoes gzip/br itself. */
export function httpTransport(baseUrl: string, timeoutMs = 120_000): SyncTransport {
  const base = baseUrl.replace(/\/+$/, '');
  const once = async (req: TransportRequest) => {
    const res = await fetch(base + req.path, {
      method: req.method,
      headers: { ...req.headers, 'accept-encoding': 'br, gzip' },
      body: req.body ? Buffer.from(req.body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, headers: headersOf(res.headers), body: new Uint8Array(await res.arrayBuffer()) };
  };
  return async (req) => {
    try {
      return await once(req);
    } catch (err) {
      // A kept-alive connection the server (or a VPN box) already closed fails at once: try one fresh connection.
      // Safe: a request that did arrive is answered `replayed` (same request id) and the queue is idempotent by seq.
      const code = String((err as { cause?: { code?: string } }).cause?.code ?? '');
      if (!['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(code)) throw err;
      return once(req);
    }
  };
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
    const encoding = res.headers.get('content-encoding');
    if (encoding === 'gzip') body = gunzipSync(body);
    else if (encoding === 'br') body = brotliDecompressSync(body);
    return { status: res.status, headers: headersOf(res.headers), body: new Uint8Array(body) };
  };
}
