// The kiosk for anyone (issue 13): three actions for a start of work, tiles in 五十音 with furigana, language
// switch, full-width input, and the person's name and buttons in view at 1280×720 and at 200 % zoom.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { KioskTile } from '../../src-shared/attendance/contract';
import { expectNoAxeViolations } from './axe';
import { expect, pageCredentials, screenshotsDir, test } from './fixtures';

// The docs' screenshots are refreshed on request (TOMONI_UPDATE_SCREENSHOTS=1; see fixtures.ts).
const SCREENSHOTS = screenshotsDir;

async function kioskTiles(url: string): Promise<KioskTile[]> {
  const response = await fetch(`${url}api/kiosk.workers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await pageCredentials(url)) },
    body: '{}',
  });
  const result = (await response.json()) as { ok: boolean; value: KioskTile[] };
  expect(result.ok).toBe(true);
  return result.value;
}

const todayJst = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
const notYetToday = (t: KioskTile) => t.state === 'out' && !t.forgotten && !t.today;

/** Counts what a person does: pointer clicks, Enter presses and other keys, from the page's own trusted events. */
async function countActions(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { actions: { clicks: number; enters: number; keys: number } };
    w.actions = { clicks: 0, enters: 0, keys: 0 };
    window.addEventListener('click', (e) => e.isTrusted && e.detail > 0 && w.actions.clicks++, true);
    window.addEventListener('keydown', (e) => e.isTrusted && (e.key === 'Enter' ? w.actions.enters++ : w.actions.keys++), true);
  });
  return () => page.evaluate(() => (window as unknown as { actions: { clicks: number; enters: number; keys: number } }).actions);
}

test('a start of work takes 3 actions: name tile, PIN, the preselected 作業開始 with the last job', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(s.url);
  const tiles = await kioskTiles(s.url);
  const tile = tiles.find(notYetToday)!;
  expect(tile, 'a demo worker not yet in today').toBeTruthy();
  const actions = await countActions(page);

  await page.getByRole('button', { name: `${tile.displayName} 未開始` }).click(); // 1: the name tile
  await expect(page.getByLabel('暗証番号')).toBeFocused();
  await page.keyboard.type('1234');
  await page.keyboard.press('Enter'); // 2: the PIN, confirmed with Enter
  const start = page.getByRole('button', { name: '作業開始', exact: true });
  await expect(start).toBeFocused();
  // The work of the person's latest punch is already chosen.
  const chosen = page.getByRole('group', { name: '案件' }).getByRole('button', { pressed: true });
  await expect(chosen).toHaveCount(1);
  const chosenJob = (await chosen.locator('.choice-name').textContent())!;
  expect(chosenJob).not.toBe('案件なし');
  await start.click(); // 3: the one big action
  await expect(page.getByText('作業開始を記録しました')).toBeVisible();

  const counted = await actions();
  expect(counted.clicks + counted.enters).toBe(3);
  expect(counted.keys).toBe(4); // the four PIN digits
  await page.getByRole('button', { name: '完了' }).click();
  await expect(page.getByRole('button', { name: `${tile.displayName} 作業中`, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: new RegExp(`^${tile.displayName}`) })).toHaveCount(1);
});

test('tiles in 五十音 order with furigana and a colour initial; nobody not yet in reads 終了; ja/en switch', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  await page.goto(s.url);
  const tiles = await kioskTiles(s.url);
  const collator = new Intl.Collator('ja');
  const readings = tiles.map((t) => t.kana);
  expect(readings).toEqual([...readings].sort((a, b) => collator.compare(a.replace(' ', '\u3000'), b.replace(' ', '\u3000'))));
  const buttons = page.getByRole('list', { name: 'または名前を選んでください' }).getByRole('button');
  await expect(buttons).toHaveCount(tiles.length);
  for (const [i, t] of tiles.entries()) await expect(buttons.nth(i)).toHaveAccessibleName(new RegExp(`^${t.displayName} `));

  // Furigana over the name, on by default and remembered when switched off.
  const first = buttons.first();
  await expect(first.locator('rt')).toHaveText(tiles[0]!.kana.split(' '));
  await expect(first.locator('.tile-initial')).toHaveText(tiles[0]!.displayName.charAt(0));
  await page.getByRole('button', { name: 'ふりがな' }).click();
  await expect(page.getByRole('button', { name: 'ふりがな' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('.tiles rt')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('.tiles rt')).toHaveCount(0);
  await page.getByRole('button', { name: 'ふりがな' }).click();
  await expect(page.locator('.tiles rt').first()).toBeVisible();

  // Not yet in today: 未開始, never 終了/退勤.
  for (const t of tiles.filter(notYetToday)) {
    await expect(page.getByRole('button', { name: `${t.displayName} 未開始`, exact: true })).toBeVisible();
  }
  await expect(page.locator('.tile-state', { hasText: /退勤/ })).toHaveCount(0);

  // The date is on screen with the time.
  const [y, m, d] = todayJst().split('-').map(Number);
  await expect(page.getByText(new RegExp(`^${y}年${m}月${d}日\\(.\\)$`))).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Start / finish work' })).toBeVisible();
  await expect(page.getByRole('button', { name: `${tiles.find(notYetToday)!.displayName} Not started` })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Start / finish work' })).toBeVisible();
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { name: '打刻' })).toBeVisible();
});

test('a badge code and a PIN typed in full-width digits are accepted', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  await page.goto(s.url);
  const code = page.getByLabel('登録番号（バッジを読み取るか入力）');
  await code.fill('Ｗ０００２');
  await code.press('Enter');
  const pin = page.getByLabel('暗証番号');
  await expect(pin).toBeVisible();
  await pin.fill('１２３４');
  await expect(pin).toHaveValue('1234');
  await pin.press('Enter');
  await expect(page.getByRole('button', { name: '戻る' })).toBeVisible();
  await expect(page.locator('.punch-main')).toBeFocused();
});

/** Every element is wholly inside the viewport (no scrolling needed to see or press it). */
async function expectInView(page: Page, what: string, locators: ReturnType<Page['getByRole']>[]) {
  const viewport = page.viewportSize()!;
  for (const l of locators) {
    const box = await l.boundingBox();
    expect(box, `${what}: ${l.toString()} rendered`).not.toBeNull();
    expect(box!.y, `${what}: ${l.toString()} top`).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${what}: ${l.toString()} bottom`).toBeLessThanOrEqual(viewport.height + 0.5);
    expect(box!.x + box!.width, `${what}: ${l.toString()} right`).toBeLessThanOrEqual(viewport.width + 0.5);
  }
}

for (const view of [
  { label: '1280×720', width: 1280, height: 720, scale: 1, file: 'kiosk-1280x720' },
  // Chromium at 200 % page zoom lays a 1280×720 window out as 640×360 CSS pixels at two device pixels each.
  { label: '200 % zoom', width: 640, height: 360, scale: 2, file: 'kiosk-200pct' },
]) {
  test(`at ${view.label} the name and the buttons stay in view, and axe finds nothing`, async ({ browser, serve }) => {
    const s = await serve({ demo: true });
    const context = await browser.newContext({ viewport: { width: view.width, height: view.height }, deviceScaleFactor: view.scale, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    await page.goto(s.url);
    await expect(page.getByRole('heading', { name: '打刻' })).toBeVisible();
    await expectNoAxeViolations(page, 'kiosk: find');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${view.file}.png`) });

    // Someone at work: the most buttons (finish, break, switch) and the job picker. First they start.
    const tile = (await kioskTiles(s.url)).find(notYetToday)!;
    await page.getByRole('button', { name: `${tile.displayName} 未開始` }).click();
    const name = page.getByRole('heading', { level: 2 });
    await expectInView(page, 'PIN', [name, page.getByRole('button', { name: '確認' }), page.getByRole('button', { name: '戻る' })]);
    await expectNoAxeViolations(page, 'kiosk: PIN');
    await page.getByLabel('暗証番号').fill('1234');
    await page.getByLabel('暗証番号').press('Enter');
    await page.locator('.punch-main').click();
    await expect(page.getByRole('status')).toBeVisible();
    await page.getByRole('button', { name: '完了' }).click();
    await page.getByRole('button', { name: new RegExp(`^${tile.displayName} 作業中`) }).click();
    await page.getByLabel('暗証番号').fill('1234');
    await page.getByLabel('暗証番号').press('Enter');
    const buttons = ['作業終了', '休憩開始', '作業切替', '戻る'].map((b) => page.getByRole('button', { name: b, exact: true }));
    await expect(buttons[0]!).toBeFocused();
    await expectInView(page, 'top', [name, ...buttons]);
    await expectNoAxeViolations(page, 'kiosk: act');
    await page.screenshot({ path: path.join(SCREENSHOTS, `${view.file}-act.png`) });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expectInView(page, 'scrolled to the end', [name, ...buttons]);
    await context.close();
  });
}
