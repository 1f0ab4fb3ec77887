// Attack suite, issue 10 reproduction 3 in browser mode: `serve` reads an API body only up to its limit, while it
// streams in. A 600 MB chunked request is refused with 413 `too_large` and the server's memory stays flat.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pageCredentials } from '../../e2e/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssOf, sendChunked } from '../../helpers/chunked';
import { tempDir } from '../../helpers/app';

const MB = 1024 * 1024;
let child: ChildProcess;
let url = '';
// Browser mode answers API calls from its own page only (src-main/serve/guard.ts): a minimal page hands out the token.
let credentials: Record<string, string> = {};
const staticDir = tempDir('tomoni-serve-limit-static-');
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src-main/serve/cli.ts', '--port', '0', '--data', tempDir('tomoni-serve-limit-'), '--static', staticDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TOMONI_LOG_LEVEL: 'warn' },
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /ready at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  credentials = await pageCredentials(`${url}/`);
}, 120_000);
afterAll(() => {
  child?.kill('SIGKILL');
});

describe('serve limits API bodies while they stream in', () => {
  it('refuses a 600 MB chunked call with 413 too_large without buffering it', async () => {
    const before = rssOf(child.pid!);
    const res = await sendChunked(`${url}/api/system.status`, { 'content-type': 'application/json', ...credentials }, { total: 600 * MB });
    const grown = rssOf(child.pid!) - before;
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'too_large', messageKey: 'errors.tooLarge' } });
    expect(res.sent).toBeLessThan(160 * MB);
    expect(grown, `serve grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(40 * MB);
  }, 120_000);

  it('still answers ordinary calls', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
  });
});
