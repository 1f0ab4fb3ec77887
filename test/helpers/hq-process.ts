// `npm run hq` as its own process (as HQ runs in production: another machine), on a loopback port. Used where HQ's
// CPU must not be counted on the device's thread (benchmarks) and where the real command line is the point (e2e).
import { spawn, type ChildProcess } from 'node:child_process';

export interface HqProcess {
  url: string;
  /** The server's process id (its memory is measured from outside). */
  pid: number;
  /** HQ's certificate pin (after the @ of its codes) and full SHA-256 (hex), over HTTPS; null over plain HTTP. */
  pin: string | null;
  fingerprint: string | null;
  /** Printed at HQ's first start only: empty when the data folder already held an HQ (`existing`). */
  bootstrapCode: string;
  adminToken: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface HqProcessOptions {
  /** The data folder already holds an HQ: no bootstrap code or admin token will be printed, so none is awaited. */
  existing?: boolean;
  /** PostgreSQL instead of the data folder's SQLite. */
  databaseUrl?: string;
  /** HTTPS with a certificate made in the data folder (`--tls-self-signed`); default plain HTTP. */
  tls?: boolean;
  /** A fixed port (default: any free one), so that a restarted HQ answers where devices already look for it. */
  port?: number;
}

export async function startHqProcess(dataDir: string, options: HqProcessOptions = {}): Promise<HqProcess> {
  const args = ['--port', String(options.port ?? 0), '--data', dataDir, options.tls ? '--tls-self-signed' : '--insecure-http', ...(options.databaseUrl ? ['--database-url', options.databaseUrl] : [])];
  // node itself (not npx), so that stopping the child really stops the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TOMONI_LOG_LEVEL: process.env.TOMONI_LOG_LEVEL ?? 'warn' },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const started = await new Promise<Omit<HqProcess, 'child' | 'stop' | 'pid' | 'pin' | 'fingerprint'>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hq did not start: ${out} ${err}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`hq exited (${code}): ${out} ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /HQ is ready at (https?:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      const bootstrapCode = /Bootstrap code \(.*\): (\S+)\n/.exec(out)?.[1];
      const adminToken = /Admin token[^:]*: (\S+)\n/.exec(out)?.[1];
      if (url && options.existing) {
        clearTimeout(timer);
        resolve({ url, bootstrapCode: '', adminToken: '' });
      } else if (url && bootstrapCode && adminToken) {
        clearTimeout(timer);
        resolve({ url, bootstrapCode, adminToken });
      }
    });
  });
  const fingerprint = /TLS certificate SHA-256: (\S+)/.exec(out)?.[1];
  return {
    ...started,
    pin: /Certificate pin[^:]*: (\S+)/.exec(out)?.[1] ?? null,
    fingerprint: fingerprint ? fingerprint.replace(/:/g, '').toLowerCase() : null,
    pid: child.pid!,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
