// Attendance end to end in Chromium against `npm run serve`, each test on its own demo data folder.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, pageCredentials, signInAsStaff, test } from './fixtures';

interface WorkerInfo {
  id: string;
  code: string;
  familyName: string;
  givenName: string;
}

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

async function worker(url: string, code: string): Promise<WorkerInfo> {
  // The anonymous kiosk sees name tiles only: the registry takes a staff sign-in.
  const admin = await api<{ token: string }>(url, 'auth.login', { loginId: 'admin', password: 'tomoni-demo' });
  const all = await api<WorkerInfo[]>(url, 'people.listWorkers', {}, admin.token);
  return all.find((w) => w.code === code)!;
}

async function enterPin(page: Page, pin: string) {
  for (const digit of pin) await page.getByRole('button', { name: `数字 ${digit}`, exact: true }).click();
  await page.getByRole('button', { name: '確認', exact: true }).click();
}

async function kioskPunch(page: Page, find: () => Promise<void>, action: string, job?: string) {
  await find();
  await enterPin(page, '1234');
  if (job) await page.getByRole('group', { name: '案件' }).getByRole('button', { name: new RegExp(job) }).click();
  await page.getByRole('button', { name: action, exact: true }).click();
  await expect(page.getByText(`${action}を記録しました`)).toBeVisible();
  await expect(page.locator('.kiosk-saved-time')).toHaveText(/^\d{2}:\d{2}$/);
  await page.getByRole('button', { name: '完了' }).click();
}

test('kiosk: clock in by badge scan, break, switch job by name tile, clock out', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  const w = await worker(s.url, 'W0010');
  const name = `${w.familyName} ${w.givenName}`;
  await page.goto(s.url);
  await expect(page.getByRole('heading', { name: '打刻' })).toBeVisible();

  // A USB badge scanner types the code and Enter.
  const byBadge = async () => {
    await page.getByLabel('登録番号（バッジを読み取るか入力）').fill('w0010');
    await page.getByLabel('登録番号（バッジを読み取るか入力）').press('Enter');
  };
  const byTile = async () => {
    await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  };
  await kioskPunch(page, byBadge, '作業開始', 'ARCHIVE-01');
  await expect(page.getByRole('button', { name: new RegExp(`^${name}.*作業中`) })).toBeVisible();
  await kioskPunch(page, byTile, '休憩開始');
  await kioskPunch(page, byBadge, '休憩終了');
  await kioskPunch(page, byTile, '作業切替', 'VEHICLE-01');
  await kioskPunch(page, byBadge, '作業終了');
  await expect(page.getByRole('button', { name: `${name} 作業終了`, exact: true })).toBeVisible();

  // The punches are in the store, in order, on the two jobs.
  const token = (await api<{ token: string }>(s.url, 'auth.login', { loginId: 'director', password: 'tomoni-demo' })).token;
  const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date()).slice(0, 7);
  const log = await api<{ days: { punches: { kind: string; jobName: string | null }[] }[] }>(s.url, 'attendance.worklog', { month, workerId: w.id }, token);
  const today = log.days.at(-1)!;
  expect(today.punches.map((p) => p.kind)).toEqual(['in', 'break_start', 'break_end', 'switch', 'out']);
  expect(today.punches[3].jobName).toContain('公用車');
});

test('kiosk: wrong PINs lock the worker out, even for the right PIN', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  await page.goto(s.url);
  await page.getByLabel('登録番号（バッジを読み取るか入力）').fill('W0011');
  await page.getByRole('button', { name: '次へ' }).click();
  for (let i = 0; i < 4; i++) {
    await enterPin(page, '9999');
    await expect(page.getByText('登録番号または暗証番号が正しくありません。')).toBeVisible();
  }
  await enterPin(page, '9999');
  // Says until when, and whom to ask when it cannot wait.
  await expect(page.getByText(/^続けて間違えたため、\d{2}:\d{2} まで（あと 5 分）使えません。急ぐときは、その場のリーダーかスタッフに声をかけてください。/)).toBeVisible();
  await enterPin(page, '1234');
  await expect(page.getByText(/まで（あと \d 分）使えません/)).toBeVisible();
  await expect(page.getByRole('button', { name: '作業開始', exact: true })).toHaveCount(0);
});

test('a worker requests a correction and a director approves it', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  const w = await worker(s.url, 'W0012');
  const name = `${w.familyName} ${w.givenName}`;
  await page.goto(`${s.url}#/login/worker`);
  await page.getByLabel('登録番号').fill('W0012');
  await page.getByLabel('暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('heading', { name: '自分の作業記録' })).toBeVisible();
  await page.getByRole('button', { name: '作業開始', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '作業開始を記録しました' })).toBeVisible();

  await page.getByRole('button', { name: '修正申請', exact: true }).click();
  await page.getByRole('button', { name: '修正を申請' }).click();
  const form = page.getByRole('form', { name: '修正を申請' });
  // "I actually started 30 minutes earlier": cancel today's clock-in, add one at the right time.
  await form.getByRole('checkbox', { name: '取り消す' }).check();
  const earlier = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(Date.now() - 30 * 60 * 1000));
  await form.getByLabel('種類').selectOption({ label: '作業開始' });
  await form.getByLabel('時刻').fill(earlier);
  await form.getByRole('button', { name: '打刻を追加' }).click();
  await form.getByLabel('理由').fill('作業開始の打刻が遅れました');
  await form.getByRole('button', { name: '申請する' }).click();
  await expect(page.getByRole('article').filter({ hasText: name }).getByText('申請中')).toBeVisible();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { name: '打刻' })).toBeVisible();

  await signInAsStaff(page, s.url, 'director');
  await page.getByRole('button', { name: '修正申請', exact: true }).click();
  const card = page.getByRole('article').filter({ hasText: name });
  await expect(card.getByText('作業開始の打刻が遅れました')).toBeVisible();
  await card.getByRole('button', { name: '承認する' }).click();
  await expect(card).toHaveCount(0); // gone from the "requested" list
  await page.getByLabel('表示').selectOption({ label: 'すべて' });
  await expect(page.getByRole('article').filter({ hasText: name }).getByText('承認済み').first()).toBeVisible();
  await expect(page.getByRole('article').filter({ hasText: name }).getByText(/百瀬 純 が .* に承認済み/)).toBeVisible();
});

test('monthly close and a CSV export that Excel reads as UTF-8', async ({ page, serve }) => {
  const s = await serve({ demo: true });
  const w = await worker(s.url, 'W0002');
  await signInAsStaff(page, s.url, 'director');
  await page.getByRole('button', { name: '月次勤怠', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'W0002' })).toBeVisible();
  await expect(page.getByText(/未申請 38 ・ 承認待ち 0 ・ 承認済み 0/)).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'CSV で出力' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^timesheet-\d{4}-\d{2}\.csv$/);
  const bytes = fs.readFileSync((await download.path()));
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.subarray(3).toString('utf8')).toContain(`W0002,${w.familyName} ${w.givenName},`);

  await page.getByLabel('メモ（任意）').fill('11 月分締め');
  await page.getByRole('button', { name: 'この月を締める' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '締める', exact: true }).click();
  await expect(page.locator('.screen-header').getByText('締め済み')).toBeVisible();
  await expect(page.getByText(/百瀬 純: 締め 11 月分締め/)).toBeVisible();
  // Only an administrator may reopen: the director sees no reopen control.
  await expect(page.getByRole('button', { name: '締めを解除する' })).toHaveCount(0);
});

test('loaned PC: a worker clocks their own work in and out at home; center-only jobs are not offered', async ({ page, serve }) => {
  const s = await serve({ demo: true, demoKind: 'loaned' });
  await page.goto(s.url);
  await page.getByLabel('登録番号').fill('W0020');
  await page.getByLabel('暗証番号').fill('1234');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('heading', { name: '自分の作業記録' })).toBeVisible();
  await expect(page.getByText('あなた自身の作業記録です。')).toBeVisible();
  const jobs = page.getByRole('group', { name: '案件' });
  await expect(jobs.getByRole('button', { name: /STRUCT-01/ })).toHaveCount(1);
  await expect(jobs.getByRole('button', { name: /ARCHIVE-01/ })).toHaveCount(0);
  await jobs.getByRole('button', { name: /STRUCT-01/ }).click();
  await page.getByRole('button', { name: '作業開始', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '作業開始を記録しました' })).toBeVisible();
  await expect(page.getByText('作業中', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: '作業終了', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '作業終了を記録しました' })).toBeVisible();
  // Today's own record shows the home session on the job.
  // The one step an entry job offers a worker is preselected, and shows translated (入力, not `keying`).
  await expect(page.getByText(/文書構造化データ整備（中学校テスト問題）（入力） 0:00/).first()).toBeVisible();
});
