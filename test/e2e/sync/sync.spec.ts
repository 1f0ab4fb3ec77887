// A demo center PC connects to a real `npm run hq` with the bootstrap code through the sync screen, syncs its whole
// queue, and "sync now" keeps it current; the top-bar widget says so. HQ's audit trail shows what admins did.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, signInAsStaff, test } from '../fixtures';

async function startHq(): Promise<{ url: string; code: string; child: ChildProcess }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-hq-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/cli.ts', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hq did not start: ${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /HQ is ready at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      const code = /Bootstrap code[^:]*: (\S+)/.exec(out)?.[1];
      if (url && code) {
        clearTimeout(timer);
        resolve({ url, code, child });
      }
    });
  });
}

test('a center PC attaches to HQ, syncs everything and shows it', async ({ page, serve }) => {
  const hq = await startHq();
  try {
    const app = await serve({ demo: true });
    await signInAsStaff(page, app.url, 'admin');
    await page.goto(`${app.url}#/sync`);
    await expect(page.getByText('この端末は本部とつながっていません。')).toBeVisible();
    await page.getByLabel('本部の URL').fill(hq.url);
    await page.getByLabel('参加コード').fill(hq.code);
    await page.getByRole('button', { name: '接続する' }).click();
    await expect(page.getByTestId('sync-queued')).toHaveText('0', { timeout: 60_000 });
    await expect(page.getByTestId('sync-last')).not.toHaveText('まだ同期していません');
    await expect(page.getByTestId('sync-widget')).toHaveText('同期済み');
    await page.getByRole('button', { name: '今すぐ同期' }).click();
    await expect(page.getByTestId('sync-queued')).toHaveText('0');
    // HQ now knows this device.
    await expect(page.getByRole('heading', { name: '端末の管理' })).toBeVisible();
    await expect(page.getByRole('table', { name: '端末一覧' }).getByRole('row')).toHaveCount(2);
    // An admin issues an enrollment code for a site; HQ's audit trail shows it next to the operator's attach.
    await page.locator('select[name="target"]').selectOption({ index: 1 });
    await page.getByRole('button', { name: '参加コードを発行' }).click();
    await expect(page.getByTestId('enrollment-code')).toContainText('参加コード');
    const audit = page.getByRole('table', { name: '本部での操作履歴' });
    await expect(audit.getByRole('row')).toHaveCount(3);
    await expect(audit.getByRole('row').nth(1)).toContainText('参加コードの発行');
    await expect(audit.getByRole('row').nth(1)).toContainText('職員 上條');
    await expect(audit.getByRole('row').nth(2)).toContainText('事業者を本部に接続');
  } finally {
    hq.child.kill('SIGTERM');
  }
});
