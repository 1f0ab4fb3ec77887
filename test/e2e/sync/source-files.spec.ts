// One batch, two sites and a home keyer, through a real HQ over HTTPS (issue 12, decision 0120): a leader at 塩尻
// makes a double-entry batch of a home-work job from a PDF and gives its unit to a keyer of 大町 and to a keyer at
// home; a new 大町 PC and the home keyer's loaned PC join HQ with codes, and each keyer sees the PDF page beside the
// form — the file went from the first PC to HQ and on to the others, and the sync screens say so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Locator, Page } from '@playwright/test';
import { startHqProcess } from '../../helpers/hq-process';
import { expect, signInAsStaff, test, workerPage } from '../fixtures';


/** The label of the option whose text starts with `prefix` (worker and site lists read "CODE name"). */
async function optionStarting(select: Locator, prefix: string): Promise<string> {
  const labels = await select.locator('option').allTextContents();
  const found = labels.find((l) => l.trim().startsWith(prefix));
  if (!found) throw new Error(`no option starting with ${prefix} in ${labels.join(' | ')}`);
  return found.trim();
}

/** A new PC joins HQ with a code from the setup screen and shows its kiosk when the first sync is done. */
async function joinWithCode(browser: Browser, url: string, hqUrl: string, code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.getByLabel('本部の URL').fill(hqUrl);
  await page.getByLabel('参加コード').fill(code);
  await page.getByRole('button', { name: '参加する' }).click();
  await expect(page.getByLabel(/^登録番号/)).toBeVisible({ timeout: 180_000 });
  return page;
}

const header = ['松本300さ1001', '総務課'];
// date, out, in, driver, department, destination, purpose, odo out, odo in, notes, alcohol, checker, detector
const row = ['20220404', '0830', '1015', '丸山', '総務課', '県庁', '会議出席', '20000', '20041', '', '無', '百瀬', '使用'];

/**
 * Opens the unit on the keyer's list, waits for the PDF page to be drawn beside the form, keys the page with the
 * keyboard and submits it.
 */
async function keyBesideSource(page: Page, url: string, label: string): Promise<void> {
  await page.goto(`${url}#/entry/mine`);
  await page.getByRole('button', { name: `入力する ${label}` }).click();
  // The batch's page number: unit 2 holds its second page.
  const img = page.getByRole('img', { name: /^原稿 \d+ ページ目$/ });
  await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/, { timeout: 60_000 });
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(500);
  await expect(page.getByLabel('車両番号')).toBeFocused();
  for (const v of [...header, ...row]) {
    if (v) await page.keyboard.type(v);
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('row', { name: new RegExp(label) }).getByText('提出済')).toBeVisible();
}

/** HQ staff's code for a new PC, issued on the admin's sync screen. */
async function issueCode(admin: Page, kind: 'センター PC' | '貸出 PC', targetPrefix: string): Promise<string> {
  await admin.getByRole('radio', { name: kind }).check();
  const target = admin.locator('select[name="target"]');
  await target.selectOption({ label: await optionStarting(target, targetPrefix) });
  const shown = admin.getByTestId('enrollment-code');
  const before = (await shown.count()) ? await shown.textContent() : null;
  await admin.getByRole('button', { name: '参加コードを発行' }).click();
  // A second code replaces the first on screen: wait for the new one.
  await expect(shown).toContainText('参加コード');
  if (before) await expect(shown).not.toHaveText(before);
  const issued = (await shown.textContent())!;
  return /参加コード (\S+)（/.exec(issued)![1];
}

test('a PDF made into a batch at one site is keyed at another and at home: the file reaches each PC through HQ', async ({ browser, serve }) => {
  test.setTimeout(420_000);
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
    await lead.getByLabel('案件').selectOption({ label: 'STRUCT-01 文書構造化データ整備（中学校テスト問題）' });
    await lead.getByLabel('入力様式', { exact: true }).selectOption({ label: '車両利用記録簿' });
    await lead.getByLabel('バッチコード').fill('OMACHI-01');
    await lead.getByLabel('バッチ名').fill('大町分');
    await lead.getByLabel('二重入力（別の 2 人がそれぞれ入力）').check();
    await lead.getByLabel('原稿ファイル（PDF・画像）').setInputFiles({ name: 'omachi.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) });
    await lead.getByRole('button', { name: '保存' }).click();
    await expect(lead.getByText('未割当 2 ページ').first()).toBeVisible();
    await lead.getByLabel('1 単位のページ数').fill('1');
    await lead.getByLabel('拠点 1').selectOption({ label: '大町' });
    const keyer1 = lead.getByLabel('1 回目の入力者 1');
    await keyer1.selectOption({ label: await optionStarting(keyer1, 'W0018') });
    const keyer2 = lead.getByLabel('2 回目の入力者 1');
    await keyer2.selectOption({ label: await optionStarting(keyer2, 'W0019') });
    await lead.getByRole('button', { name: '作業単位に分ける' }).last().click();
    await expect(lead.getByRole('row', { name: /OMACHI-01-001/ })).toContainText('W0018');
    await expect(lead.getByRole('row', { name: /OMACHI-01-001/ })).toContainText('W0019');
    // The second page's unit is keyed here at 塩尻 by W0002 (its first slot), the 大町 keyer keeps the second.
    await lead.getByRole('button', { name: '割り当てを変える OMACHI-01-002' }).click();
    const other = lead.getByLabel('1 回目の入力者 OMACHI-01-002');
    await other.selectOption({ label: await optionStarting(other, 'W0002') });
    await lead.getByRole('row', { name: /OMACHI-01-002/ }).getByRole('button', { name: '保存' }).click();
    await expect(lead.getByRole('row', { name: /OMACHI-01-002/ })).toContainText('W0002');

    // Site A's PC sends the file to HQ: its sync screen says every file is shared.
    await adminA.reload();
    await adminA.getByRole('button', { name: '今すぐ同期' }).click();
    await expect(adminA.getByTestId('sync-files')).toHaveText('本部と共有済み', { timeout: 120_000 });

    // The admin issues a code for 大町 and one for W0019's loaned PC; both PCs join HQ with them.
    const centerCode = await issueCode(adminA, 'センター PC', 'OMACHI');
    const loanedCode = await issueCode(adminA, '貸出 PC', 'W0019');
    const b = await serve();
    const home = await serve();
    const join = await joinWithCode(browser, b.url, hq.url, centerCode);
    await joinWithCode(browser, home.url, hq.url, loanedCode);

    // The admin (staff of every site) sees on the 大町 PC that the files arrived.
    await signInAsStaff(join, b.url, 'admin');
    await join.goto(`${b.url}#/sync`);
    await join.getByRole('button', { name: '今すぐ同期' }).click();
    await expect(join.getByTestId('sync-files')).toHaveText('本部と共有済み', { timeout: 120_000 });

    // W0018 keys at the 大町 PC and W0019 at home, blind, each beside the PDF page that was made at 塩尻; W0002
    // keys the other page at 塩尻.
    await keyBesideSource(await workerPage(browser, b.url, 'W0018'), b.url, 'OMACHI-01-001');
    await keyBesideSource(await workerPage(browser, home.url, 'W0019'), home.url, 'OMACHI-01-001');
    await keyBesideSource(await workerPage(browser, a.url, 'W0002'), a.url, 'OMACHI-01-002');

    // Both keyings of the first unit reach 塩尻 through HQ: the leader there finds it keyed and compares it.
    await adminA.goto(`${a.url}#/sync`);
    await expect(async () => {
      await adminA.getByRole('button', { name: '今すぐ同期' }).click();
      await lead.goto(`${a.url}#/entry/review`);
      await lead.getByLabel('バッチ').selectOption({ label: 'OMACHI-01 大町分' });
      await expect(lead.getByRole('button', { name: '照合 OMACHI-01-001' })).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 150_000 });
    await lead.getByRole('button', { name: '照合 OMACHI-01-001' }).click();
    await expect(lead.getByText('不一致はありません。')).toBeVisible();
  } finally {
    await hq.stop();
  }
});
