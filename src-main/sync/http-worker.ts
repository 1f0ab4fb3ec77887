// HTTP to HQ on a worker thread (decisions 0056, 0061). A snapshot page is megabytes of compressed JSON: receiving it and
// undoing the compression on the main thread could only happen between page transactions, so the thread sat idle
// waiting for bytes HQ had long sent. On a worker the next page arrives and is decompressed while the current one is
// written; the main thread receives finished bytes (transferred, not copied). One worker serves every transport.
import { Worker } from 'node:worker_threads';

/** Plain JavaScript: the worker runs without the TypeScript loader. */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const https = require('node:https');
const zlib = require('node:zlib');
const tls = require('node:tls');
const crypto = require('node:crypto');
const agents = { 'http:': new http.Agent({ keepAlive: true }) };

// Same as src-shared/sync/pin.ts pinOf (this source runs without the TypeScript loader): the first 16 characters of
// the certificate's SHA-256 in the code alphabet.
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function pinOf(digest) {
  let bits = 0, value = 0, out = '';
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 16) { out += alphabet[(value >>> (bits - 5)) & 31]; bits -= 5; }
    if (out.length >= 16) break;
  }
  return out;
}

// HQ's certificate is pinned, not checked against a CA (decision 0079): the socket is handed to the request only
// after its certificate matched, so not a byte of the request (credential, code) reaches anyone else.
function pinnedAgent(pin) {
  const agent = new https.Agent({ keepAlive: true });
  agent.createConnection = (options, done) => {
    let called = false;
    const finish = (err, socket) => { if (!called) { called = true; done(err, socket); } };
    const socket = tls.connect(Object.assign({}, options, { rejectUnauthorized: false, session: undefined }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const digest = cert && cert.raw ? crypto.createHash('sha256').update(cert.raw).digest() : null;
      const ok = digest && (pin.sha256 ? digest.toString('hex') === pin.sha256 : pinOf(digest) === pin.prefix);
      if (!ok) {
        socket.destroy();
        return finish(Object.assign(new Error("HQ's certificate does not match the pinned one"), { code: 'CERT_PIN_MISMATCH' }));
      }
      socket.tomoniFingerprint = digest.toString('hex');
      finish(null, socket);
    });
    socket.once('error', (err) => finish(err));
    return undefined;
  };
  return agent;
}
const pinned = new Map();
function agentFor(url, pin) {
  if (url.protocol !== 'https:') return agents['http:'];
  // An https HQ without a pin is never trusted on a CA's word alone.
  if (!pin) throw Object.assign(new Error('No certificate pin for HQ'), { code: 'CERT_PIN_MISSING' });
  const key = pin.sha256 || 'prefix:' + pin.prefix;
  if (!pinned.has(key)) pinned.set(key, pinnedAgent(pin));
  return pinned.get(key);
}

function once(m) {
  return new Promise((resolve, reject) => {
    const url = new URL(m.url);
    const body = m.body ? Buffer.from(m.body) : null;
    const headers = Object.assign({}, m.headers, body ? { 'content-length': String(body.length) } : {});
    // An idle limit, not a deadline (decision 0097): a slow link that keeps delivering is never cut off, so a page that
    // takes minutes at 64 kbit/s arrives instead of being thrown away and asked for again; silence for timeoutMs ends it.
    let timer;
    let req;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => req.destroy(Object.assign(new Error('HQ did not answer in time'), { name: 'TimeoutError' })), m.timeoutMs);
    };
    const fail = (err) => {
      clearTimeout(timer);
      reject(err);
    };
    let agent;
    try {
      agent = agentFor(url, m.pin);
    } catch (err) {
      return reject(err);
    }
    req = (url.protocol === 'https:' ? https : http).request(url, { method: m.method, headers, agent }, (res) => {
      // Read now: a kept-alive socket is detached from the response once it ends.
      const fingerprint = res.socket && res.socket.tomoniFingerprint;
      const chunks = [];
      res.on('data', (c) => {
        chunks.push(c);
        arm();
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        try {
          // The whole compressed body at once: undoing br chunk by chunk (as fetch does) hops to the thread pool per
          // chunk, and under load a snapshot page took longer to arrive than to write.
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const decoded = encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
          const out = {};
          for (const [key, value] of Object.entries(res.headers)) out[key] = Array.isArray(value) ? value.join(', ') : String(value);
          // JSON answers are decoded here too: the main thread only parses.
          const text = /json/.test(out['content-type'] || '') ? decoded.toString('utf8') : undefined;
          // Transferred to the main thread: the decoded buffer itself when it owns its memory, else a copy.
          const owns = decoded.byteOffset === 0 && decoded.byteLength === decoded.buffer.byteLength;
          resolve({ status: res.statusCode, headers: out, body: owns ? decoded.buffer : new Uint8Array(decoded).buffer, text, fingerprint, wireBytes: raw.length });
        } catch (err) {
          fail(err);
        }
      });
    });
    arm();
    req.on('error', (err) => fail(Object.assign(err, { reusedSocket: req.reusedSocket })));
    req.end(body || undefined);
  });
}

function retryOf(m) {
  const headers = Object.assign({}, m.headers);
  if (headers['x-request-id']) headers['x-request-id'] = String(headers['x-request-id']).slice(0, 70) + '.retry';
  return Object.assign({}, m, { headers });
}

parentPort.on('message', async (m) => {
  try {
    let out;
    try {
      out = await once(m);
    } catch (err) {
      // A kept-alive connection the server (or a VPN box) closed while idle fails at once: try one fresh connection.
      // A request that failed on a new connection is not sent twice. HQ may have received the first try after all (a
      // cut, not an idle close): the retry carries its own request id, derived from the first, so HQ does not refuse
      // it as a replay — safe, since pushes are idempotent by (device, seq, command id) and pulls only read.
      if (!(err && err.reusedSocket && ['ECONNRESET', 'EPIPE'].includes(err.code))) throw err;
      out = await once(retryOf(m));
    }
    parentPort.postMessage({ id: m.id, ...out }, [out.body]);
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { name: String(err && err.name), message: String(err && err.message), code: String((err && (err.code || (err.cause && err.cause.code))) || '') } });
  }
});
`;

/** HQ's certificate as the device trusts it: its full SHA-256 (hex), or only a code's pin (at join). */
export type CertificatePin = { sha256: string } | { prefix: string };

export interface WorkerRequest {
  url: string;
  pin?: CertificatePin | null;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Longest silence (no byte of the answer) before the request is given up; not a limit on the whole transfer. */
  timeoutMs: number;
}

export interface WorkerResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  text?: string;
  /** SHA-256 (hex) of HQ's certificate, over HTTPS. */
  fingerprint?: string;
  /** Bytes of the answer's body as it crossed the network (before decompression). */
  wireBytes?: number;
}

interface Reply {
  id: number;
  status?: number;
  headers?: Record<string, string>;
  body?: ArrayBuffer;
  text?: string;
  fingerprint?: string;
  wireBytes?: number;
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
    } else
      p.resolve({
        status: m.status!,
        headers: m.headers!,
        body: new Uint8Array(m.body!),
        ...(m.text !== undefined ? { text: m.text } : {}),
        ...(m.fingerprint ? { fingerprint: m.fingerprint } : {}),
        ...(m.wireBytes !== undefined ? { wireBytes: m.wireBytes } : {}),
      });
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
