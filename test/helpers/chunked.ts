// Sends a large request body chunk by chunk (chunked transfer encoding) as an attacker would, stopping as soon as the
// server answers; and reads a process's resident memory from outside.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

export interface ChunkedResult {
  status: number;
  body: string;
  /** Bytes written before the server answered or closed. */
  sent: number;
}

/** POSTs `body` (a stream, or `total` bytes of spaces) chunked; resolves with the answer. */
export function sendChunked(url: string, headers: Record<string, string>, source: { total: number } | Readable, agentOptions: https.RequestOptions = {}): Promise<ChunkedResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = (target.protocol === 'https:' ? https : http).request(target, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' }, ...agentOptions });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), sent });
        req.destroy();
      });
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), sent }));
    });
    req.on('error', (err) => {
      if (!answered) reject(Object.assign(err, { sent }));
    });
    if ('total' in source) {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!answered && !req.destroyed && sent < source.total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (sent >= source.total) req.end();
      };
      pump();
    } else {
      source.on('data', (d: Buffer) => {
        if (answered || req.destroyed) return void source.destroy();
        sent += d.length;
        if (!req.write(d)) {
          source.pause();
          req.once('drain', () => source.resume());
        }
      });
      source.on('end', () => req.end());
    }
  });
}

/** Resident memory of a running process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}
