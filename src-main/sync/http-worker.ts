// HTTP to HQ on a worker thread (decision 0056). A snapshot page is megabytes of compressed JSON: receiving it and
// undoing the compression on the main thread could only happen between page transactions, so the thread sat idle
// waiting for bytes HQ had long sent. On a worker the next page arrives and is decompressed while the current one is
// written; the main thread receives finished bytes (transferred, not copied). One worker serves every transport.
import { Worker } from 'node:worker_threads';

/** Plain JavaScript: the worker runs without the TypeScript loader. */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const RETRY = ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'];
async function once(m) {
  const res = await fetch(m.url, { method: m.method, headers: m.headers, body: m.body ? Buffer.from(m.body) : undefined, signal: AbortSignal.timeout(m.timeoutMs) });
  const headers = {};
  res.headers.forEach((value, key) => (headers[key] = value));
  const body = await res.arrayBuffer();
  // JSON answers are decoded here too: the main thread only parses.
  const text = /json/.test(res.headers.get('content-type') || '') ? new TextDecoder().decode(body) : undefined;
  return { status: res.status, headers, body, text };
}
parentPort.on('message', async (m) => {
  try {
    let out;
    try {
      out = await once(m);
    } catch (err) {
      // A kept-alive connection the server (or a VPN box) already closed fails at once: try one fresh connection.
      if (!RETRY.includes(String(err && err.cause && err.cause.code))) throw err;
      out = await once(m);
    }
    parentPort.postMessage({ id: m.id, ...out }, [out.body]);
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { name: String(err && err.name), message: String(err && err.message), code: String((err && err.cause && err.cause.code) || '') } });
  }
});
`;

export interface WorkerRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

export interface WorkerResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  text?: string;
}

interface Reply {
  id: number;
  status?: number;
  headers?: Record<string, string>;
  body?: ArrayBuffer;
  text?: string;
  error?: { name: string; message: string; code: string };
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve(r: WorkerResponse): void; reject(e: Error): void }>();

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
  worker = null;
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(workerSource, { eval: true });
  w.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.error) {
      // Same shape as fetch's own errors, so callers tell network trouble apart the usual way (`cause.code`).
      p.reject(Object.assign(new Error(m.error.message), { name: m.error.name, cause: { code: m.error.code } }));
    } else p.resolve({ status: m.status!, headers: m.headers!, body: new Uint8Array(m.body!), ...(m.text !== undefined ? { text: m.text } : {}) });
  });
  w.on('error', (err) => failAll(err));
  w.on('exit', () => failAll(new Error('HTTP worker stopped')));
  worker = w;
  return w;
}

/** One request on the shared worker; the worker keeps the process alive only while requests are open. */
export function requestOffThread(req: WorkerRequest): Promise<WorkerResponse> {
  const w = ensureWorker();
  const id = ++nextId;
  return new Promise<WorkerResponse>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, ...req, body: req.body ? Buffer.from(req.body) : undefined });
  });
}
