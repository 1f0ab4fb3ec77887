import { expect, test } from './fixtures';

test('first-run setup creates the operator and the first administrator, who can sign in', async ({ page, serve }) => {
  const s = await serve();
  await page.goto(s.url);
  await expect(page.getByRole('heading', { name: 'ともにの初期設定' })).toBeVisible();

  // Bad input gets translated, per-field messages and creates nothing.
  await page.getByRole('button', { name: '設定して始める' }).click();
  await expect(page.getByText('入力してください。').first()).toBeVisible();

  await page.getByLabel('事業者名').fill('立科町テレワーク推進室');
  await page.getByLabel('拠点名').fill('立科');
  await page.getByLabel('拠点コード').fill('TATESHINA');
  await page.getByLabel('自宅貸出用 PC').check();
  await page.getByLabel('ログイン ID').fill('kanri');
  await page.getByLabel('姓', { exact: true }).fill('丸山');
  await page.getByLabel('名', { exact: true }).fill('健');
  await page.getByLabel('パスワード（10 文字以上）').fill('short');
  await page.getByRole('button', { name: '設定して始める' }).click();
  await expect(page.getByText('パスワードは 10 文字以上にしてください。')).toBeVisible();
  await page.getByLabel('パスワード（10 文字以上）').fill('tateshina-2026');
  await page.getByRole('button', { name: '設定して始める' }).click();

  // A loaned PC starts at the worker sign-in; staff sign in from there.
  await expect(page.getByRole('heading', { name: '登録者ログイン' })).toBeVisible();
  await page.getByRole('button', { name: 'スタッフとしてログイン' }).click();
  await page.getByLabel('ログイン ID').fill('kanri');
  await page.getByLabel('パスワード').fill('tateshina-2026');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByText('丸山 健（事業運営マネージャー）')).toBeVisible();
  await expect(page.getByText('立科町テレワーク推進室')).toBeVisible();
});

test('the demo button fills a realistic operator', async ({ page, serve }) => {
  test.setTimeout(180_000);
  const s = await serve();
  await page.goto(s.url);
  await page.getByRole('button', { name: 'デモデータで試す' }).click();
  // Loading the real-size demo takes a while on a busy machine (30 s was seen to fail at a load of 40).
  await expect(page.getByRole('heading', { name: 'ともにの初期設定' })).toBeHidden({ timeout: 80_000 });
  await page.goto(`${s.url}#/login`);
  await page.getByLabel('ログイン ID').fill('admin');
  await page.getByLabel('パスワード').fill('tomoni-demo');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('button', { name: '登録者', exact: true }).click();
  await expect(page.getByText('38 名')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'W0001', exact: true })).toBeVisible();
});
