// Issue 13 #1 in Chromium through `serve`: the three flows that recorded the wrong thing silently. QC rows never move
// under the pointer when the sample grows; 「頁を登録」 sets the total and warns past the planned pages; closing and
// reopening a month say what they will do first.
import { expect, signInAsStaff, test, workerPage } from './fixtures';


test('QC: marking a page 不良 grows the sample at the end; the rows already shown keep their places', async ({ serve, browser }) => {
  const s = await serve({ demo: true });
  const leader = await workerPage(browser, s.url, 'W0001');
  await leader.goto(`${s.url}#/scan-qc`);
  const card = leader.getByRole('article').first();
  await expect(card).toContainText('抜取率');
  const rows = card.getByRole('table').first().getByRole('row');
  const before = await rows.allTextContents();
  await rows.nth(1).getByRole('button', { name: '不良' }).click();
  await expect(card.getByRole('status')).toContainText('記録しました。');
  await expect(rows.nth(1)).toContainText('不良');
  const after = await rows.allTextContents();
  // Every row that was there is still at its index (only its result may have changed); new ones come after.
  const label = (text: string) => text.split('頁')[0];
  expect(after.slice(0, before.length).map(label)).toEqual(before.map(label));
  if (after.length > before.length) await expect(card.getByRole('note')).toContainText('抜取り頁を');
});

test('scan station: 「頁を登録」 sets the total, twice is no change, past the plan asks first', async ({ serve, browser }) => {
  const s = await serve({ demo: true });
  const code = 'ARCHIVE-01-150';
  const leader = await workerPage(browser, s.url, 'W0001');
  await leader.goto(`${s.url}#/scan`);
  await expect(leader.getByLabel('作業票コード')).toBeFocused();
  await leader.keyboard.type(code);
  await leader.keyboard.press('Enter');
  await expect(leader.getByRole('heading', { name: new RegExp(`^${code} `) })).toBeVisible();
  await leader.getByRole('button', { name: '受入を開始' }).click();
  await leader.getByRole('button', { name: '原本を受け入れる' }).click();
  await leader.getByRole('button', { name: '受入を完了' }).click();
  await expect(leader.getByTestId('current-step')).toContainText('スキャン（待ち）');
  const facts = leader.locator('.scan-volume dl');
  const planned = Number((await facts.textContent())!.match(/(\d+) \/ (\d+)/)![2]);

  await leader.getByLabel('スキャン済みの頁数（合計）').fill(String(planned));
  await leader.getByRole('button', { name: '頁を登録' }).click();
  await expect(leader.getByRole('status')).toContainText(`${planned} 頁になりました`);
  await leader.getByLabel('スキャン済みの頁数（合計）').fill(String(planned));
  await leader.getByRole('button', { name: '頁を登録' }).click();
  await expect(leader.getByRole('status')).toContainText('変更なし');
  await expect(facts).toContainText(`${planned} / ${planned}`);

  // Past the plan: asked first; "cancel" records nothing.
  await leader.getByLabel('スキャン済みの頁数（合計）').fill(String(planned * 2));
  await leader.getByRole('button', { name: '頁を登録' }).click();
  const ask = leader.getByRole('alertdialog');
  await expect(ask).toContainText(`${planned * 2} 頁は予定の ${planned} 頁を超えます`);
  await ask.getByRole('button', { name: 'キャンセル' }).click();
  await expect(facts).toContainText(`${planned} / ${planned}`);
  // Confirmed, it is recorded and the overrun stays visible; completing the scan asks again.
  await leader.getByRole('button', { name: '頁を登録' }).click();
  await leader.getByRole('alertdialog').getByRole('button', { name: `${planned * 2} 頁で登録する` }).click();
  await expect(facts).toContainText(`${planned * 2} / ${planned}`);
  await expect(facts.getByRole('note')).toContainText('予定の頁数を超えています');
  await leader.getByRole('button', { name: 'スキャンを開始' }).click();
  await leader.getByLabel('使用スキャナ').fill('A0 ブックスキャナ 1 号機');
  await leader.getByRole('button', { name: 'スキャンを完了' }).click();
  await expect(leader.getByRole('alertdialog')).toContainText('スキャンを完了しますか？');
  await leader.getByRole('alertdialog').getByRole('button', { name: 'キャンセル' }).click();
  await expect(leader.getByTestId('current-step')).toContainText('スキャン（作業中');
});

test('month close says how many have not submitted before closing; reopen asks too', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  await signInAsStaff(page, s.url, 'admin');
  await page.getByRole('button', { name: '月次勤怠', exact: true }).click();
  await expect(page.getByText(/未申請 38 ・ 承認待ち 0 ・ 承認済み 0/)).toBeVisible();
  await page.getByRole('button', { name: 'この月を締める' }).click();
  const ask = page.getByRole('alertdialog');
  await expect(ask).toContainText('38 人が未申請です');
  // The safe choice has the focus; cancelling leaves the month open.
  await expect(ask.getByRole('button', { name: 'キャンセル' })).toBeFocused();
  await ask.getByRole('button', { name: 'キャンセル' }).click();
  await expect(page.locator('.screen-header').getByText('未締め')).toBeVisible();
  await page.getByRole('button', { name: 'この月を締める' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '締める', exact: true }).click();
  await expect(page.locator('.screen-header').getByText('締め済み')).toBeVisible();

  await page.getByLabel('解除の理由').fill('打刻漏れの修正');
  await page.getByRole('button', { name: '締めを解除する' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('締めを解除しますか？');
  await page.getByRole('alertdialog').getByRole('button', { name: '解除する' }).click();
  await expect(page.locator('.screen-header').getByText('未締め')).toBeVisible();
});
