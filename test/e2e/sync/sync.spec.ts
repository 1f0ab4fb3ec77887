// A demo center PC connects to a real `npm run hq` with the bootstrap code through the sync screen, syncs its whole
// queue, and "sync now" keeps it current; the top-bar widget says so. HQ's audit trail shows what admins did.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHqProcess } from '../../helpers/hq-process';
import { expect, signInAsStaff, test } from '../fixtures';

test('a center PC attaches to HQ, syncs everything and shows it', async ({ page, serve }) => {
  const hq = await startHqProcess(fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-hq-')));
  try {
    const app = await serve({ demo: true });
    await signInAsStaff(page, app.url, 'admin');
    await page.goto(`${app.url}#/sync`);
    await expect(page.getByText('この端末は本部とつながっていません。')).toBeVisible();
    await page.getByLabel('本部の URL').fill(hq.url);
    await page.getByLabel('参加コード').fill(hq.bootstrapCode);
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
    await hq.stop();
  }
});
