// The scan station in Chromium through `serve` on the real-size demo job: job setup from an XLSX list, a volume
// moved through its steps with the barcode (code + Enter), a QC send-back, and a delivery manifest.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, test, workerPage } from '../fixtures';


async function openStation(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/scan`);
  await expect(page.getByLabel('作業票コード')).toBeFocused();
}

/** What a USB barcode scanner does: types into whatever has focus, then Enter. */
async function scanSlip(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: new RegExp(`^${code} `) })).toBeVisible();
}

test('a leader sets up a job from the city’s XLSX list, with a per-row report', async ({ serve, browser }) => {
  const s = await serve({ demo: true });
  const page = await workerPage(browser, s.url, 'W0001');
  await page.goto(`${s.url}#/scan-setup`);
  await expect(page.getByRole('heading', { name: 'スキャン案件の設定' })).toBeVisible();
  await expect(page.getByText('登録済みの冊（176）')).toBeVisible();

  // Naming rule: a bad pattern is explained before saving; a good one is saved.
  const naming = page.getByLabel('ファイル名の規則');
  await naming.fill('{job}_{page:4}.{ext}');
  await expect(page.getByText('ファイル名の規則には volume が必要です')).toBeVisible();
  await naming.fill('{job}-{volume}_{page:5}.{ext}');
  await expect(page.getByText('例: ARCHIVE-01-001_00001.tif')).toBeVisible();
  await page.getByRole('button', { name: '設定を保存' }).click();
  await expect(page.getByText('設定を保存しました。')).toBeVisible();

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('簿冊一覧');
  ws.addRow(['冊番号', '簿冊名', '棚番号', '頁数', '判型', '取扱制限']);
  for (let i = 1; i <= 20; i++) ws.addRow([`B${String(i).padStart(3, '0')}`, `建築確認図面 追加分 第${i}冊`, `K-9-${i}`, 30 + i, 'A0', 'センター室内のみ']);
  ws.addRow(['B005', '重複した行', 'K-9-5', 10, 'A0', '']);
  ws.addRow(['B099', '頁数なし', 'K-9-9', '', 'A1', '']);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-xlsx-')), '簿冊一覧.xlsx');
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  await page.getByLabel('一覧表ファイル').setInputFiles(file);

  const issues = page.getByRole('list', { name: '問題のある行' });
  await expect(issues.getByRole('listitem')).toHaveCount(2);
  await expect(issues).toContainText('22 行目: 冊番号「B005」が 6 行目と重複しています。');
  await expect(issues).toContainText('23 行目: 「頁数」が空です。');
  await expect(page.getByText('20 / 22 行が正しく読めました。')).toBeVisible();
  await expect(page.getByRole('button', { name: 'すべて取り込む' })).toBeDisabled();
  await page.getByRole('button', { name: '正しい行だけ取り込む' }).click();
  await expect(page.getByText('20 冊を取り込みました。')).toBeVisible();
  await expect(page.getByText('登録済みの冊（196）')).toBeVisible();

  // Routing slips carry the code as text and as a QR code.
  await page.getByRole('button', { name: '作業票を印刷' }).click();
  const slip = page.locator('.slip[data-code="ARCHIVE-01-B001"]');
  await expect(slip).toContainText('建築確認図面 追加分 第1冊');
  await expect(slip.locator('svg')).toBeVisible();
});

test('a volume moves through its steps with the routing-slip barcode', async ({ serve, browser }) => {
  const s = await serve({ demo: true });
  const code = 'ARCHIVE-01-150';
  const leader = await workerPage(browser, s.url, 'W0001');
  await openStation(leader, s.url);
  await scanSlip(leader, code);
  await expect(leader.getByTestId('current-step')).toContainText('受入（待ち）');
  await leader.getByRole('button', { name: '受入を開始' }).click();
  await leader.getByRole('button', { name: '受入を完了' }).click();
  await expect(leader.getByRole('alert')).toContainText('原本がまだ受け入れられていません。');
  await leader.getByRole('button', { name: '原本を受け入れる' }).click();
  await leader.getByRole('button', { name: '受入を完了' }).click();
  await expect(leader.getByTestId('current-step')).toContainText('スキャン（待ち）');

  const worker = await workerPage(browser, s.url, 'W0002');
  await openStation(worker, s.url);
  await scanSlip(worker, code);
  await worker.getByRole('button', { name: 'スキャンを開始' }).click();
  await expect(worker.getByTestId('current-step')).toContainText('スキャン（作業中');
  await worker.getByLabel('スキャン済みの頁数（合計）').fill('12');
  await worker.getByRole('button', { name: '頁を登録' }).click();
  await expect(worker.getByText('12 / ')).toBeVisible();
  // After every action the code field has the focus again, ready for the next slip.
  await expect(worker.getByLabel('作業票コード')).toBeFocused();
  await worker.getByRole('button', { name: 'スキャンを完了' }).click();
  await expect(worker.getByRole('alert')).toContainText('完了するには「使用スキャナ」を入力してください。');
  await worker.getByLabel('使用スキャナ').fill('A0 ブックスキャナ 1 号機');
  await worker.getByRole('button', { name: 'スキャンを完了' }).click();
  await expect(worker.getByTestId('current-step')).toContainText('メタデータ（待ち）');
  await worker.getByRole('button', { name: 'メタデータを開始' }).click();
  await worker.getByRole('button', { name: 'メタデータを完了' }).click();
  await expect(worker.getByTestId('current-step')).toContainText('PDF・OCR（待ち）');

  // The leader's board shows the work.
  await leader.goto(`${s.url}#/scan-board`);
  await expect(leader.locator('[data-board-ready="176"]')).toBeVisible();
  await expect(leader.getByRole('table', { name: '工程別の仕掛かり' })).toContainText('PDF・OCR');
  await expect(leader.getByRole('figure', { name: 'バーンダウン（残り頁）' }).locator('svg').first()).toBeVisible();
});

test('QC sends a page back with a note, and the station shows it for rework', async ({ serve, browser }) => {
  const s = await serve({ demo: true });
  const leader = await workerPage(browser, s.url, 'W0001');
  await leader.goto(`${s.url}#/scan-qc`);
  const card = leader.getByRole('article').first();
  await expect(card).toContainText('抜取率');
  const code = (await card.getByRole('heading', { level: 2 }).textContent())!.split(' ')[0];
  const firstPage = card.getByRole('row').first();
  await card.getByLabel('不良の種類').selectOption('skew');
  await card.getByLabel('メモ').fill('右に傾いている');
  await firstPage.getByRole('button', { name: '不良' }).click();
  await expect(firstPage).toContainText('不良');
  await firstPage.getByRole('button', { name: 'この頁を差し戻す' }).click();
  await expect(card.getByRole('status')).toContainText('記録しました。');
  await firstPage.getByRole('button', { name: '履歴' }).click();
  await expect(card.getByRole('table', { name: '頁の履歴' })).toContainText('差し戻し');

  await openStation(leader, s.url);
  await scanSlip(leader, code);
  await expect(leader.getByText('差し戻された頁')).toBeVisible();
  await expect(leader.locator('.scan-volume')).toContainText('右に傾いている');
});

test('a delivery manifest: names checked, ledger CSV with BOM and SHA-256, delivery recorded', async ({ serve, browser }) => {
  const s = await serve({ demo: true });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-delivery-'));
  // Volume 001 of the demo list has 45 pages; one stray file breaks the naming rule.
  for (let p = 1; p <= 45; p++) fs.writeFileSync(path.join(folder, `ARCHIVE-01_001_${String(p).padStart(4, '0')}.tif`), `master 001 ${p}`);
  fs.writeFileSync(path.join(folder, 'IMG_0001.tif'), 'stray');
  const leader = await workerPage(browser, s.url, 'W0001');
  await leader.goto(`${s.url}#/scan-delivery`);
  await leader.getByLabel('納品フォルダ（絶対パス）').fill(folder);
  await leader.getByLabel('出荷番号').fill('S002');
  await leader.getByRole('button', { name: 'マニフェストを作成' }).click();
  await expect(leader.getByText('ファイル 45 件・冊 1 件')).toBeVisible();
  await expect(leader.getByText('IMG_0001.tif')).toBeVisible();

  const [download] = await Promise.all([leader.waitForEvent('download'), leader.getByRole('button', { name: '台帳 CSV をダウンロード' }).click()]);
  expect(download.suggestedFilename()).toBe('ARCHIVE-01_S002_manifest.csv');
  const bytes = fs.readFileSync((await download.path()));
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
  const header = lines[0].split(',');
  expect(header).toEqual(['file', 'dc:identifier', 'dc:title', 'dc:creator', 'dc:source', 'dc:rights', 'dc:date', 'format', 'bytes', 'sha256']);
  expect(lines).toHaveLength(46);
  const first = lines[1].split(',');
  expect(first[0]).toBe('ARCHIVE-01_001_0001.tif');
  expect(first[header.indexOf('sha256')]).toBe(createHash('sha256').update('master 001 1').digest('hex'));

  await leader.getByRole('button', { name: '納入を記録' }).click();
  const history = leader.getByRole('table', { name: '納入・検収の記録' });
  await expect(history.getByRole('row').filter({ hasText: 'S002' })).toContainText('納入');
  await leader.getByRole('button', { name: '検収を記録' }).click();
  await expect(history.getByRole('row').filter({ hasText: 'S002' })).toHaveCount(2);
});
