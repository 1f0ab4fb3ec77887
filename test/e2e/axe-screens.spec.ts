// axe (WCAG 2.2 AA) on every screen a person reaches from the menu, with the demo operator's real data in it: the
// admin's screens, a leader's, and a worker's. The kiosk has its own checks (kiosk.spec.ts).
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { expect, signInAsStaff, test } from './fixtures';

const adminScreens = ['board', 'corrections', 'timesheet', 'jobs', 'clients', 'people', 'sites', 'staff', 'entry/batches', 'entry/review', 'entry/report', 'entry/templates', 'scan', 'scan-board', 'scan-qc', 'scan-setup', 'scan-delivery', 'scan-board-all', 'scan-slips', 'sync', 'system'];

async function check(page: Page, url: string, screen: string): Promise<void> {
  await page.goto(`${url}#/${screen}`);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  // Screens load their data after the first paint: check what the person sees once it is there.
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('status', { name: /読み込み中/ })).toHaveCount(0);
  await expectNoAxeViolations(page, screen);
}

test('every screen of the admin passes axe', async ({ page, serve }) => {
  test.setTimeout(240_000);
  const s = await serve({ demo: true });
  await signInAsStaff(page, s.url, 'admin');
  for (const screen of adminScreens) await check(page, s.url, screen);
  // The audit log reads as sentences with names (the last screen checked is the system screen).
  await expect(page.getByRole('cell', { name: /がログインしました$/ }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'auth.login' })).toHaveCount(0);
});

test('the sign-in screens (with the demo sign-ins) and every screen of a worker, the keying screen included, pass axe', async ({ page, serve }) => {
  test.setTimeout(180_000);
  const s = await serve({ demo: true });
  for (const screen of ['login', 'login/worker']) {
    await page.goto(`${s.url}#/${screen}`);
    await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
    // A demo store shows its public sign-ins where a newcomer needs them.
    const demo = page.getByRole('complementary', { name: 'デモ用のデータです' });
    await expect(demo).toContainText('admin');
    await expect(demo).toContainText('パスワード tomoni-demo');
    await expect(demo).toContainText('W0001〜W0038（暗証番号 1234）');
    await expectNoAxeViolations(page, screen);
  }
  await page.getByLabel('登録番号').fill('W0002');
  await page.getByLabel('暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  for (const screen of ['home', 'entry/mine', 'corrections', 'sync']) await check(page, s.url, screen);
  await page.goto(`${s.url}#/entry/mine`);
  await page.getByRole('button', { name: /^入力する / }).first().click();
  await expect(page.getByRole('heading', { name: /^入力: / })).toBeVisible();
  await expect(page.getByRole('img', { name: '原稿 1 ページ目' })).toBeVisible();
  await expectNoAxeViolations(page, 'entry/key');
});
