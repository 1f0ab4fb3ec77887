// A city's list whose headers the importer does not know: the leader assigns the columns by hand in the mapping
// step, sees the extra 備考 column (with ㈱) in the preview, imports; the next file from the same client maps itself.
// Then the volume list is exported as Shift_JIS: the characters it cannot hold are shown before anything is saved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../fixtures';

async function leaderPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${url}#/login/worker`);
  await page.getByLabel('登録番号').fill('W0001');
  await page.getByLabel('暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  return page;
}

function csvFile(name: string, lines: string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-list-')), name);
  fs.writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  return file;
}

test('the leader maps unknown columns by hand, keeps 備考, and the next list from the client maps itself', async ({ serve, browser }) => {
  const s = await serve({ demo: true });
  const page = await leaderPage(browser, s.url);
  await page.goto(`${s.url}#/scan-setup`);
  await expect(page.getByText('登録済みの冊（176）')).toBeVisible();

  const header = '資料ID,資料の名称,撮影予定,備考';
  await page.getByLabel('一覧表ファイル').setInputFiles(csvFile('道路台帳.csv', [header, 'R-1,道路台帳 第1巻,120,㈱山田測量 作成', 'R-2,𠮷田地区 道路台帳,80,']));
  await expect(page.getByRole('alert').filter({ hasText: '必須の列がありません' })).toBeVisible();
  // No false "check the encoding" hint: the file reads fine, its headers are just not ours.
  await expect(page.getByText('文字化け')).toHaveCount(0);

  await page.getByLabel('A 資料ID').selectOption({ label: '冊番号' });
  await expect(page.getByLabel('A 資料ID')).toHaveValue('volumeNo');
  await page.getByLabel('B 資料の名称').selectOption({ label: '簿冊名' });
  await expect(page.getByLabel('B 資料の名称')).toHaveValue('title');
  await page.getByLabel('C 撮影予定').selectOption({ label: '頁数' });
  await expect(page.getByText('2 / 2 行が正しく読めました。')).toBeVisible();
  await expect(page.getByText('その他の項目として保持する列: 備考')).toBeVisible();
  const sample = page.getByRole('table', { name: '取り込み内容（先頭 2 行）' });
  await expect(sample).toContainText('㈱山田測量 作成');
  await expect(sample).toContainText('道路台帳 第1巻');
  await page.getByRole('button', { name: 'すべて取り込む' }).click();
  await expect(page.getByText('2 冊を取り込みました。')).toBeVisible();
  await expect(page.getByText('登録済みの冊（178）')).toBeVisible();

  // The next file from the same client: no mapping step, the remembered assignment applies.
  await page.getByLabel('一覧表ファイル').setInputFiles(csvFile('道路台帳2.csv', [header, 'R-3,道路台帳 第3巻,60,']));
  await expect(page.getByText('この発注者の前回の割り当てを使いました。')).toBeVisible();
  await expect(page.getByText('1 / 1 行が正しく読めました。')).toBeVisible();
  await expect(page.getByRole('table', { name: '列の割り当て' })).toHaveCount(0);
  await page.getByRole('button', { name: 'すべて取り込む' }).click();
  await expect(page.getByText('1 冊を取り込みました。')).toBeVisible();

  // At the station the volume shows the city's 備考 as its list wrote it.
  await page.goto(`${s.url}#/scan`);
  await expect(page.getByLabel('作業票コード')).toBeFocused();
  await page.keyboard.type('ARCHIVE-01-R-1');
  await page.keyboard.press('Enter');
  const volume = page.getByRole('article', { name: 'ARCHIVE-01-R-1' });
  await expect(volume).toContainText('備考');
  await expect(volume).toContainText('㈱山田測量 作成');
  await page.goto(`${s.url}#/scan-setup`);

  // Shift_JIS cannot hold 𠮷: the person is told before anything is saved, and saves as UTF-8 instead.
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByRole('button', { name: 'CSV（Shift_JIS）' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Shift_JIS では次の文字を保存できず' })).toContainText('𠮷');
  expect(downloads).toBe(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'UTF-8 で保存' }).click()]);
  expect(download.suggestedFilename()).toMatch(/_volumes\.csv$/);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toContain('冊番号,簿冊名,棚番号,予定頁数,判型,取扱制限,年代,備考,工程');
  expect(text).toContain('R-1,道路台帳 第1巻,,120,');
  expect(text).toContain('㈱山田測量 作成');
  expect(text).toContain('𠮷田地区 道路台帳');
});
