// Checks across a vehicle's logbook in Chromium (issue 12 #4): a backwards odometer on the next page of the same
// vehicle shows on the review screen with the row, the page and the numbers; the report lists it too.
import type { Page } from '@playwright/test';
import { expect, pageCredentials, test } from './fixtures';

async function api<T>(url: string, name: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await pageCredentials(url)), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value: T; error?: unknown };
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value;
}

const vehicle = '松本999ん9999';
const trip = (date: string, timeOut: string, timeIn: string, odoOut: string, odoIn: string) => ({
  date, timeOut, timeIn, odoOut, odoIn, driver: '丸山', department: '総務課', destination: '県庁', purpose: '', notes: '', alcohol: '無', checker: '百瀬', detector: '使用',
});

/** W0002 keys the 11-page unit VEHICLE-01-001 through the API: page 2 starts below where page 1 ended. */
async function keyLogbook(url: string): Promise<void> {
  const { token } = await api<{ token: string }>(url, 'auth.workerLogin', { code: 'W0002', pin: '1234' });
  const unit = (await api<{ id: string; label: string }[]>(url, 'entry.myUnits', {}, token)).find((u) => u.label === 'VEHICLE-01-001')!;
  const opened = await api<{ pages: { id: string }[] }>(url, 'entry.openUnit', { unitId: unit.id }, token);
  for (const [i, page] of opened.pages.entries()) {
    await api(url, 'entry.keyRow', { unitId: unit.id, slot: 1, pageId: page.id, rowNo: 0, values: { vehicle, ownerDepartment: '総務課' } }, token);
    if (i === 0) await api(url, 'entry.keyRow', { unitId: unit.id, slot: 1, pageId: page.id, rowNo: 1, values: trip('2022-05-09', '09:00', '10:00', '5000', '5050') }, token);
    if (i === 1) await api(url, 'entry.keyRow', { unitId: unit.id, slot: 1, pageId: page.id, rowNo: 1, values: trip('2022-05-10', '09:00', '10:30', '5040', '5080') }, token);
  }
  await api(url, 'entry.submitKeying', { unitId: unit.id, slot: 1 }, token);
}

async function leaderPage(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/login/worker`);
  await page.getByLabel('登録番号').fill('W0001');
  await page.getByLabel('暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
}

test('a backwards odometer on the next page shows on the review screen with its values', async ({ page, serve }) => {
  test.setTimeout(120_000);
  const s = await serve({ demo: true });
  await keyLogbook(s.url);
  await leaderPage(page, s.url);
  await page.goto(`${s.url}#/entry/review`);
  await page.getByLabel('バッチ').selectOption({ label: 'VEHICLE-01 車両利用記録簿 令和4年度' });
  const checks = page.getByRole('table', { name: '記録簿の確認（ページ・バッチをまたいで）' });
  // The unit's pages are the batch's pages 2–12: its second page is page 3.
  const row = checks.getByRole('row').filter({ hasText: vehicle });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('未確認');
  await expect(row).toContainText('VEHICLE-01 3 ページ 1 行目');
  await expect(row).toContainText('出庫時メーター 5040 が前の運行（VEHICLE-01 2 ページ 1 行目、2022-05-09 09:00〜10:00）の入庫時メーター 5050 より小さくなっています。');

  await page.goto(`${s.url}#/entry/report`);
  const listed = page.getByRole('table', { name: '記録簿の確認' }).getByRole('row').filter({ hasText: vehicle });
  await expect(listed).toContainText('5040');
  await expect(page.getByText(/未確認の食い違いが \d+ 件あります/)).toBeVisible();
  await expect(page.getByRole('table', { name: '車両別・月別の表' }).getByRole('row').filter({ hasText: vehicle })).toContainText('2022-05');
});
