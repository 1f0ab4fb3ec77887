// One batch, two sites, through a real HQ over HTTPS (issue 12, decision 0120): a leader at 塩尻 makes a batch from a
// PDF and gives its unit to a keyer of 大町; a new 大町 PC joins HQ with a code, and the keyer signed in there sees the
// PDF page beside the form — the file went from the first PC to HQ and on to the second, and both sync screens say so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Locator, Page } from '@playwright/test';
import { startHqProcess } from '../../helpers/hq-process';
import { expect, signInAsStaff, test } from '../fixtures';

async function workerPage(browser: Browser, url: string, code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${url}#/login/worker`);
  await page.getByLabel('登録番号').fill(code);
  await page.getByLabel('暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  return page;
}

/** The label of the option whose text starts with `prefix` (worker and site lists read "CODE name"). */
async function optionStarting(select: Locator, prefix: string): Promise<string> {
  const labels = await select.locator('option').allTextContents();
  const found = labels.find((l) => l.trim().startsWith(prefix));
  if (!found) throw new Error(`no option starting with ${prefix} in ${labels.join(' | ')}`);
  return found.trim();
}

test('a PDF made into a batch at one site is keyed at another: the file reaches that PC through HQ', async ({ browser, serve }) => {
  test.setTimeout(300_000);
  const hq = await startHqProcess(fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-files-hq-')), { tls: true });
  try {
    const a = await serve({ demo: true });
    const adminA = await (await browser.newContext()).newPage();
    await signInAsStaff(adminA, a.url, 'admin');
    await adminA.goto(`${a.url}#/sync`);
    await adminA.getByLabel('本部の URL').fill(hq.url);
    await adminA.getByLabel('参加コード').fill(hq.bootstrapCode);
    await adminA.getByRole('button', { name: '接続する' }).click();
    await expect(adminA.getByTestId('sync-queued')).toHaveText('0', { timeout: 60_000 });

    // The 塩尻 leader makes the batch from a two-page PDF and gives its unit to W0018 of 大町.
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const n of [1, 2]) doc.addPage([595, 420]).drawText(`Logbook of Omachi, page ${n}`, { x: 40, y: 360, size: 24, font });
    const lead = await workerPage(browser, a.url, 'W0001');
    await lead.goto(`${a.url}#/entry/batches`);
    await lead.getByRole('button', { name: 'バッチを作る' }).click();
    await lead.getByLabel('案件').selectOption({ label: 'VEHICLE-01 公用車利用データの見える化（車両利用記録簿 111 台）' });
    await lead.getByLabel('入力様式', { exact: true }).selectOption({ label: '車両利用記録簿' });
    await lead.getByLabel('バッチコード').fill('OMACHI-01');
    await lead.getByLabel('バッチ名').fill('大町分');
    await lead.getByLabel('原稿ファイル（PDF・画像）').setInputFiles({ name: 'omachi.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) });
    await lead.getByRole('button', { name: '保存' }).click();
    await expect(lead.getByText('未割当 2 ページ').first()).toBeVisible();
    await lead.getByLabel('1 単位のページ数').fill('2');
    await lead.getByLabel('拠点 1').selectOption({ label: '大町' });
    const keyer = lead.getByLabel('1 回目の入力者 1');
    await keyer.selectOption({ label: await optionStarting(keyer, 'W0018') });
    await lead.getByRole('button', { name: '作業単位に分ける' }).last().click();
    await expect(lead.getByRole('row', { name: /OMACHI-01-001/ })).toContainText('W0018');

    // Site A's PC sends the file to HQ: its sync screen says every file is shared.
    await adminA.reload();
    await adminA.getByRole('button', { name: '今すぐ同期' }).click();
    await expect(adminA.getByTestId('sync-files')).toHaveText('本部と共有済み', { timeout: 120_000 });

    // The admin issues a code for 大町; a new PC there joins HQ with it.
    const target = adminA.locator('select[name="target"]');
    await target.selectOption({ label: await optionStarting(target, 'OMACHI') });
    await adminA.getByRole('button', { name: '参加コードを発行' }).click();
    const issued = (await adminA.getByTestId('enrollment-code').textContent())!;
    const code = /参加コード (\S+)（/.exec(issued)![1];
    const b = await serve();
    const join = await (await browser.newContext()).newPage();
    await join.goto(b.url);
    await join.getByLabel('本部の URL').fill(hq.url);
    await join.getByLabel('参加コード').fill(code);
    await join.getByRole('button', { name: '参加する' }).click();
    await expect(join.getByLabel('登録番号（バッジを読み取るか入力）')).toBeVisible({ timeout: 180_000 });

    // The admin (staff of every site) sees on the 大町 PC that the files arrived.
    await signInAsStaff(join, b.url, 'admin');
    await join.goto(`${b.url}#/sync`);
    await join.getByRole('button', { name: '今すぐ同期' }).click();
    await expect(join.getByTestId('sync-files')).toHaveText('本部と共有済み', { timeout: 120_000 });

    // W0018 signs in at the 大町 PC and keys beside the PDF page that was made at 塩尻.
    const omachi = await workerPage(browser, b.url, 'W0018');
    await omachi.goto(`${b.url}#/entry/mine`);
    await omachi.getByRole('button', { name: '入力する OMACHI-01-001' }).click();
    const img = omachi.getByRole('img', { name: '原稿 1 ページ目' });
    await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/, { timeout: 60_000 });
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(500);
  } finally {
    await hq.stop();
  }
});
