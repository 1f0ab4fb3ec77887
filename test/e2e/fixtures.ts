// Each test gets its own `serve` process over its own data folder; readiness is the printed URL, not a sleep.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';

export interface ServeOptions {
  /** The built renderer to serve (default: TOMONI_STATIC or serve's own default). */
  staticDir?: string;
  demo?: boolean;
  demoKind?: 'center' | 'loaned';
  dataDir?: string;
  env?: Record<string, string>;
}

export interface Served {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** What this serve's own page would send: its CSRF header and cookie. */
  headers: Record<string, string>;
  /** Everything the server wrote to stderr so far (its log lines). */
  log(): string;
  stop(): Promise<void>;
}

const headersByUrl = new Map<string, Record<string, string>>();

/**
 * Browser mode refuses API calls without the token its page carries (src-main/serve/guard.ts): a test or bench
 * talking to the API from Node fetches the page first, as the real UI does, and sends what it got.
 */
export async function pageCredentials(url: string): Promise<Record<string, string>> {
  const known = headersByUrl.get(url);
  if (known) return known;
  const response = await fetch(url);
  const html = await response.text();
  const token = /<meta name="tomoni-csrf" content="([^"]+)"/.exec(html)?.[1];
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!token || !cookie) throw new Error(`serve at ${url} handed out no CSRF token (is the renderer built?)`);
  const headers = { 'x-tomoni-csrf': token, cookie };
  headersByUrl.set(url, headers);
  return headers;
}

export async function startServe(options: ServeOptions = {}): Promise<Served> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-'));
  // node itself (not npx) so that stopping the child really stops the server.
  const args = ['--import', 'tsx', 'src-main/serve/cli.ts', '--port', '0', '--data', dataDir];
  if (options.demo) args.push('--demo');
  if (options.demoKind) args.push('--demo-kind', options.demoKind);
  // Lets parallel work build the renderer into its own folder (TOMONI_STATIC=.tmp/dist-x).
  const staticDir = options.staticDir ?? process.env.TOMONI_STATIC;
  if (staticDir) args.push('--static', staticDir);
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  let headers: Record<string, string>;
  try {
    headers = await pageCredentials(url);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    dataDir,
    process: child,
    headers,
    log: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<{ serve: (options?: ServeOptions) => Promise<Served> }>({
  serve: async ({}, use, testInfo) => {
    const started: Served[] = [];
    await use(async (options) => {
      const s = await startServe(options);
      started.push(s);
      return s;
    });
    await Promise.all(started.map((s) => s.stop()));
    // A failed test keeps what each server logged, so a flaky failure can be read afterwards.
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const [i, s] of started.entries()) await testInfo.attach(`serve-${i}.log`, { body: s.log(), contentType: 'text/plain' });
    }
  },
});

export { expect };

/** Staff sign-in through the real login form. */
export async function signInAsStaff(page: Page, url: string, loginId: string, password = 'tomoni-demo'): Promise<void> {
  await page.goto(`${url}#/login`);
  await page.getByLabel('ログイン ID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
}

/** A worker signed in with their code and the demo PIN, in a browser context of their own (downloads allowed). */
export async function workerPage(browser: Browser, url: string, code: string, pin = '1234'): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(`${url}#/login/worker`);
  await page.getByLabel('登録番号').fill(code);
  await page.getByLabel('暗証番号').fill(pin);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  return page;
}

/**
 * Where e2e tests write screenshots: the docs' own folder when asked (TOMONI_UPDATE_SCREENSHOTS=1), else test-results,
 * so a plain run never changes the tree.
 */
export const screenshotsDir =
  process.env.TOMONI_UPDATE_SCREENSHOTS === '1' ? path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : path.join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
