// Data entry in Chromium through `serve`: a keyer keys a logbook page with the keyboard only (and a reload loses
// nothing), a second keyer keys it blind, the leader resolves the mismatch, accepts, and the exports read right.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { expect, screenshotsDir, test, workerPage } from './fixtures';


const header = ['松本300さ1001', '総務課'];
// date, out, in, driver, department, destination, purpose, odo out, odo in, notes, alcohol, checker, detector
const row1 = ['20220404', '0830', '1015', '丸山', '総務課', '県庁', '会議出席', '20000', '20041', '', '無', '百瀬', '使用'];
const row2 = ['20220406', '1300', '1545', '上條', '総務課', '楢川支所', '現地調査', '20041', '20098', '給油', '無', '百瀬', '使用'];

/** Types values cell by cell, moving with Tab or Enter only. */
async function typeCells(page: Page, values: string[], move: 'Tab' | 'Enter' = 'Tab'): Promise<void> {
  for (const v of values) {
    if (v) await page.keyboard.type(v);
    await page.keyboard.press(move);
  }
}

async function openMyUnit(page: Page, url: string, label: string): Promise<void> {
  await page.goto(`${url}#/entry/mine`);
  await page.getByRole('button', { name: `入力する ${label}` }).click();
  await expect(page.getByRole('heading', { name: `入力: ${label}` })).toBeVisible();
  await expect(page.getByRole('img', { name: '原稿 1 ページ目' })).toBeVisible();
}

test('blind double entry of a vehicle logbook page, adjudication and export', async ({ browser, serve }) => {
  test.setTimeout(180_000);
  const s = await serve({ demo: true });

  // First keyer: keyboard only, starting in the first field.
  const k1 = await workerPage(browser, s.url, 'W0002');
  await openMyUnit(k1, s.url, 'VEHICLE-01-000');
  await expect(k1.getByLabel('車両番号')).toBeFocused();
  await typeCells(k1, header);
  await typeCells(k1, row1.slice(0, 6), 'Enter');
  await expect(k1.getByTestId('save-status')).toHaveText('保存済み');

  // A reload (or a crash) in the middle of a row brings every typed value back.
  await k1.reload();
  await expect(k1.getByText('前回保存されなかった入力')).toBeVisible();
  await expect(k1.getByLabel('行先 1 行目')).toHaveValue('県庁');
  await expect(k1.getByLabel('車両番号')).toHaveValue('松本300さ1001');
  await k1.getByLabel('用務 1 行目').focus();
  await typeCells(k1, row1.slice(6));
  // Row 2, using F2 to copy 所属 and Ctrl+D to copy 確認者 from the row above.
  await typeCells(k1, row2.slice(0, 4));
  await k1.keyboard.press('F2');
  await k1.keyboard.press('Tab');
  await typeCells(k1, row2.slice(5, 11));
  await k1.keyboard.press('Control+d');
  await k1.keyboard.press('Tab');
  await typeCells(k1, row2.slice(12));
  await expect(k1.getByLabel('所属 2 行目')).toHaveValue('総務課');
  await expect(k1.getByLabel('確認者 2 行目')).toHaveValue('百瀬');
  // Shorthands became the stored form when the keyer moved on; focus never left the form.
  await expect(k1.getByLabel('出庫時刻 1 行目')).toHaveValue('08:30');
  await expect(k1.getByLabel('月日 2 行目')).toHaveValue('2022-04-06');
  await expect(k1.getByLabel('月日 3 行目')).toBeFocused();
  // A wrong value is shown inline and blocks nothing typed.
  await k1.keyboard.type('2022-13-40');
  await k1.keyboard.press('Tab');
  await expect(k1.getByRole('list', { name: '用紙の確認が必要な箇所' })).toContainText('日付は');
  await k1.getByLabel('月日 3 行目').focus();
  await k1.keyboard.press('Control+a');
  await k1.keyboard.press('Delete');
  await k1.keyboard.press('Control+Enter');
  await expect(k1.getByRole('heading', { name: '自分の入力' })).toBeVisible();
  await expect(k1.getByRole('row', { name: /VEHICLE-01-000/ }).getByText('提出済')).toBeVisible();

  // Second keyer: sees none of the first keying.
  const k2 = await workerPage(browser, s.url, 'W0003');
  await openMyUnit(k2, s.url, 'VEHICLE-01-000');
  await expect(k2.getByText('二重入力: もう一人の入力は見えません。')).toBeVisible();
  await expect(k2.getByLabel('車両番号')).toHaveValue('');
  await expect(k2.getByLabel('行先 1 行目')).toHaveValue('');
  await typeCells(k2, header);
  // Choices by number on the ten-key pad: 1 = 無 (alcohol), 1 = 使用 (detector).
  await typeCells(k2, [...row1.slice(0, 10), '1', row1[11], '1']);
  await expect(k2.getByLabel('酒気帯び 1 行目')).toHaveValue('無');
  await typeCells(k2, [...row2.slice(0, 8), '20089', ...row2.slice(9)]);
  await k2.keyboard.press('Control+Enter');
  await expect(k2.getByRole('heading', { name: '自分の入力' })).toBeVisible();

  // Leader: one mismatch, decided against the source image, then verified and accepted.
  const lead = await workerPage(browser, s.url, 'W0001');
  await lead.goto(`${s.url}#/entry/review`);
  await lead.getByLabel('バッチ').selectOption({ label: 'VEHICLE-01 車両利用記録簿 令和4年度' });
  await lead.getByRole('button', { name: '照合 VEHICLE-01-000' }).click();
  await expect(lead.getByText('不一致 1 件')).toBeVisible();
  await expect(lead.getByRole('img', { name: '原稿 1 ページ目' })).toBeVisible();
  await expectNoAxeViolations(lead, 'entry/compare');
  await lead.getByRole('button', { name: /入庫時メーター ← 20098/ }).click();
  await lead.getByRole('button', { name: '照合済みにする' }).click();
  await expect(lead.getByRole('heading', { name: '入力の検収' })).toBeVisible();
  await lead.getByRole('button', { name: '検収する VEHICLE-01-000' }).click();
  await expect(lead.getByRole('button', { name: '検収する VEHICLE-01-000' })).toBeHidden();

  // Export: UTF-8 CSV with a BOM, and CP932 on request.
  await lead.goto(`${s.url}#/entry/batches`);
  await lead.getByRole('button', { name: '開く VEHICLE-01' }).click();
  const [csv] = await Promise.all([lead.waitForEvent('download'), lead.getByRole('button', { name: 'CSV (UTF-8)' }).click()]);
  const bytes = fs.readFileSync((await csv.path()));
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toContain('車両番号,管理課,月日,出庫時刻');
  expect(text).toContain('VEHICLE-01-000,1,2,松本300さ1001,総務課,2022/04/06,13:00,15:45,上條,総務課,楢川支所,現地調査,20041,20098,給油,無,百瀬,使用');
  const [sjis] = await Promise.all([lead.waitForEvent('download'), lead.getByRole('button', { name: 'CSV (Shift_JIS)' }).click()]);
  const decoded = iconv.decode(fs.readFileSync((await sjis.path())), 'cp932');
  expect(decoded).toContain('VEHICLE-01-000,1,1,松本300さ1001,総務課,2022/04/04,08:30,10:15,丸山');
});

test('an unreadable source file is refused with its name, and nothing is created', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  await page.goto(`${s.url}#/login`);
  await page.getByLabel('ログイン ID').fill('manager');
  await page.getByLabel('パスワード').fill('tomoni-demo');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  await page.goto(`${s.url}#/entry/batches`);
  await page.getByRole('button', { name: 'バッチを作る' }).click();
  await page.getByLabel('案件').selectOption({ index: 1 });
  await page.getByLabel('入力様式').selectOption({ index: 1 });
  await page.getByLabel('バッチコード').fill('BAD-01');
  await page.getByLabel('バッチ名').fill('壊れたファイル');
  await page.getByLabel('原稿ファイル（PDF・画像）').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('this is not a pdf') });
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'scan.pdf' })).toContainText('「scan.pdf」は読める PDF または画像ではありません。');
  await expect(page.getByRole('cell', { name: 'BAD-01' })).toHaveCount(0);
});

test('a leader makes a batch from an uploaded PDF, splits it, and the PDF page renders beside the form', async ({ browser, serve }) => {
  const s = await serve({ demo: true });
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) doc.addPage([595, 420]).drawText(`Vehicle log page ${n}`, { x: 40, y: 360, size: 24, font });
  const pdf = Buffer.from(await doc.save());

  const lead = await workerPage(browser, s.url, 'W0001');
  await lead.goto(`${s.url}#/entry/batches`);
  await lead.getByRole('button', { name: 'バッチを作る' }).click();
  await lead.getByLabel('案件').selectOption({ label: 'VEHICLE-01 公用車利用データの見える化（車両利用記録簿 111 台）' });
  await lead.getByLabel('入力様式', { exact: true }).selectOption({ label: '車両利用記録簿' });
  await lead.getByLabel('バッチコード').fill('PDF-01');
  await lead.getByLabel('バッチ名').fill('追加分');
  await lead.getByLabel('原稿ファイル（PDF・画像）').setInputFiles({ name: 'logbook.pdf', mimeType: 'application/pdf', buffer: pdf });
  await lead.getByRole('button', { name: '保存' }).click();
  await expect(lead.getByText('未割当 2 ページ').first()).toBeVisible();
  await lead.getByLabel('1 単位のページ数').fill('2');
  await lead.getByLabel('拠点 1').selectOption({ label: '塩尻' });
  await lead.getByLabel('1 回目の入力者 1').selectOption({ index: 2 });
  await lead.getByRole('button', { name: '作業単位に分ける' }).last().click();
  await expect(lead.getByRole('cell', { name: 'PDF-01-001', exact: true })).toBeVisible();
  // Split to W0002, then taken over by the leader (W0001) with the reassign control.
  await expect(lead.getByRole('row', { name: /PDF-01-001/ })).toContainText('W0002');
  await lead.getByRole('button', { name: '割り当てを変える PDF-01-001' }).click();
  await lead.getByLabel('1 回目の入力者 PDF-01-001').selectOption({ index: 1 });
  await lead.getByRole('row', { name: /PDF-01-001/ }).getByRole('button', { name: '保存' }).click();
  await expect(lead.getByRole('row', { name: /PDF-01-001/ })).toContainText('W0001');

  await openMyUnit(lead, s.url, 'PDF-01-001');
  const img = lead.getByRole('img', { name: '原稿 1 ページ目' });
  await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/);
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(500);
  await lead.keyboard.press('PageDown');
  await expect(lead.getByText('2 / 2 ページ')).toBeVisible();
  await expect(lead.getByRole('img', { name: '原稿 2 ページ目' })).toBeVisible();
});

test('the vehicle report shows charts and exports to Excel and PDF; a template exports as a sheet', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  await page.goto(`${s.url}#/login`);
  await page.getByLabel('ログイン ID').fill('director');
  await page.getByLabel('パスワード').fill('tomoni-demo');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  await page.goto(`${s.url}#/entry/report`);
  await expect(page.getByRole('heading', { name: '公用車の利用状況' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '2022-04', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /月別/ }).locator('svg').first()).toBeVisible();
  await expect(page.getByRole('img', { name: /所属別/ }).locator('.recharts-bar-rectangle').first()).toBeVisible();

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel に書き出す' }).click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsx.path()));
  expect(wb.worksheets.map((w) => w.name)).toEqual(['車両別', '所属別', '月別', '記録の確認', '原本どおり', '除外']);
  // Title and blank line above the header; months are real dates, 年度 in 和暦 for the city.
  const months = wb.getWorksheet('月別')!;
  expect(String(months.getCell('A1').value)).toContain('公用車利用状況 令和4年度');
  expect(months.getRow(4).getCell(1).value).toBe('令和4年度');
  expect(months.getRow(4).getCell(2).value).toEqual(new Date(Date.UTC(2022, 3, 1)));
  expect(months.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '3:3' });
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF に書き出す' }).click()]);
  expect(fs.readFileSync((await pdf.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  await page.goto(`${s.url}#/entry/templates`);
  await page.getByRole('combobox', { name: '入力様式' }).selectOption({ label: 'VEHICLE-LOG 車両利用記録簿' });
  await expect(page.getByRole('cell', { name: '出庫時メーター' })).toBeVisible();
  const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '表に書き出す (XLSX)' }).click()]);
  expect(sheet.suggestedFilename()).toMatch(/\.xlsx$/);
});

test('keying is no keyboard trap: Tab leaves after the last field, Esc leaves the grid, Enter inside an IME stays', async ({ browser, serve }) => {
  test.setTimeout(120_000);
  const s = await serve({ demo: true });
  const page = await workerPage(browser, s.url, 'W0002');
  await page.setViewportSize({ width: 1280, height: 720 });
  await openMyUnit(page, s.url, 'VEHICLE-01-000');
  const first = page.getByLabel('車両番号');
  await expect(first).toBeFocused();
  // The keying screen at 1280×720, as docs/screenshots shows it (TOMONI_UPDATE_SCREENSHOTS=1 refreshes them).
  fs.mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotsDir, 'keying-1280x720.png') });
  // Enter while composing (an IME confirming 総務課) does not move on; Enter after it does.
  await page.keyboard.type('松本');
  await first.evaluate((el) => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, isComposing: true, bubbles: true })));
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.entry-cell').nth(1)).toBeFocused();
  // Esc: out of the grid, onto the submit button; Shift+Tab from the first field leaves the form backwards.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: '入力を提出する' })).toBeFocused();
  await first.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('.entry-form input:focus')).toHaveCount(0);
  // Tab from the last field of the page goes on to the buttons, not back to the first field.
  await page.locator('.entry-cell').last().focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '入力を提出する' })).toBeFocused();
});
