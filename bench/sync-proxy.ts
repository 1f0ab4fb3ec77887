// The peers' link model between the device and HQ: `../shared/tools/linkproxy.mjs` as a child process (BENCH.md
// "Catch-up over a poor link"). A stall holds its connection's direction like a TCP retransmission, a new connection
// pays a handshake round trip, and the stats file counts the bytes that crossed each direction.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface LinkShape {
  kbit: number;
  oneWayDelayMs: number;
  stallProb: number;
  stallMs: number;
  seed: number;
  /** Every open connection is reset once, after this many bytes crossed the link (both directions). */
  resetAfterBytes?: number;
}

/** linkproxy's stats file, the parts the bench reads. */
export interface LinkStats {
  connections: number;
  resets: number;
  up: { bytesIn: number; bytesOut: number; segments: number; stalls: number };
  down: { bytesIn: number; bytesOut: number; segments: number; stalls: number };
}

export interface LinkProxy {
  port: number;
  /** Stops the proxy and returns its final counters. */
  stop(): Promise<LinkStats>;
}

export const LINKPROXY = path.resolve('../shared/tools/linkproxy.mjs');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startLinkProxy(targetPort: number, link: LinkShape, statsFile: string): Promise<LinkProxy> {
  if (!fs.existsSync(LINKPROXY)) throw new Error(`${LINKPROXY} not found: the bench runs from the project folder with ../shared beside it`);
  const port = await freePort();
  const args = [
    LINKPROXY,
    ['--listen', `127.0.0.1:${port}`],
    ['--target', `127.0.0.1:${targetPort}`],
    ['--bandwidth-kbit', String(link.kbit)],
    ['--delay-ms', String(link.oneWayDelayMs)],
    ['--stall-prob', String(link.stallProb)],
    ['--stall-ms', String(link.stallMs)],
    ['--seed', String(link.seed)],
    ['--stats-file', statsFile],
    link.resetAfterBytes ? ['--reset-after-bytes', String(link.resetAfterBytes)] : [],
  ].flat();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`linkproxy did not start: ${err}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`linkproxy exited (${code}): ${err}`)));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('linkproxy listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    port,
    stop: () =>
      new Promise<LinkStats>((resolve, reject) => {
        child.removeAllListeners('exit');
        // SIGTERM makes linkproxy write its final counters before it exits.
        child.once('exit', () => {
          try {
            resolve(JSON.parse(fs.readFileSync(statsFile, 'utf8')) as LinkStats);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
        child.kill('SIGTERM');
      }),
  };
}
