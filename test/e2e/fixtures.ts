// Each test gets its own `serve` process over its own data folder; readiness is the printed URL, not a sleep.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface ServeOptions {
  demo?: boolean;
  demoKind?: 'center' | 'loaned';
  dataDir?: string;
  env?: Record<string, string>;
}

export interface Served {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startServe(options: ServeOptions = {}): Promise<Served> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-'));
  // node itself (not npx) so that stopping the child really stops the server.
  const args = ['--import', 'tsx', 'src-main/serve/cli.ts', '--port', '0', '--data', dataDir];
  if (options.demo) args.push('--demo');
  if (options.demoKind) args.push('--demo-kind', options.demoKind);
  // Lets parallel work build the renderer into its own folder (TOMONI_STATIC=.tmp/dist-x).
  if (process.env.TOMONI_STATIC) args.push('--static', process.env.TOMONI_STATIC);
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
  return {
    url,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<{ serve: (options?: ServeOptions) => Promise<Served> }>({
  serve: async ({}, use) => {
    const started: Served[] = [];
    await use(async (options) => {
      const s = await startServe(options);
      started.push(s);
      return s;
    });
    await Promise.all(started.map((s) => s.stop()));
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
