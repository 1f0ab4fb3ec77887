// A new operator sets a center up from an empty store, in the UI only, without the demo: first-run setup, a second
// site, a manager's account, a worker with skill stages and a PIN, a client, a scan job with its own workflow and a first
// volume, an entry job with a template and a first batch — and the worker clocks in on the kiosk to the new job.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function signIn(page: Page, url: string, loginId: string, password: string): Promise<void> {
  await page.goto(`${url}#/login`);
  await page.getByLabel('ログイン ID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
}

async function openNav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'main' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

async function twoPagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) doc.addPage([595, 420]).drawText(`Vehicle log page ${n}`, { x: 40, y: 360, size: 24, font });
  return Buffer.from(await doc.save());
}

test('a center is set up from nothing to a first scan volume, a first entry batch and a kiosk clock-in', async ({ page, serve }) => {
  // One long journey through every set-up screen: more than the default budget on a busy machine.
  test.setTimeout(240_000);
  const s = await serve();

  // First run: the operator, its first center and the administrator.
  await page.goto(s.url);
  await page.getByLabel('事業者名').fill('白馬村テレワーク協会');
  await page.getByLabel('拠点名').fill('白馬');
  await page.getByLabel('拠点コード').fill('HAKUBA');
  await page.getByLabel('ログイン ID').fill('kanri');
  await page.getByLabel('姓', { exact: true }).fill('丸山');
  await page.getByLabel('名', { exact: true }).fill('健');
  await page.getByLabel('パスワード（10 文字以上）').fill('hakuba-2026-kanri');
  await page.getByRole('button', { name: '設定して始める' }).click();
  // A center PC with nobody signed in is the kiosk.
  await expect(page.getByRole('heading', { name: '打刻' })).toBeVisible();

  await signIn(page, s.url, 'kanri', 'hakuba-2026-kanri');
  // A guide on every screen says what is left to set up, and leads there.
  const guide = page.getByRole('region', { name: 'はじめの設定' });
  await expect(guide).toContainText('✓ 拠点（テレワークセンター）を登録する');
  await expect(guide.getByRole('listitem').filter({ hasText: '最初の案件を作成する' }).getByRole('button', { name: '開く' })).toBeVisible();

  // Sites: the first one is there; a second center is added; bad input is explained and saves nothing.
  await openNav(page, '拠点');
  await expect(page.getByRole('cell', { name: 'HAKUBA', exact: true })).toBeVisible();
  await page.getByRole('button', { name: '拠点を追加' }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('入力してください。').first()).toBeVisible();
  await page.getByLabel('拠点名').fill('小谷');
  await page.getByLabel('コード', { exact: true }).fill('OTARI');
  await page.getByLabel('テレワークセンター').check();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('cell', { name: 'OTARI', exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '保存しました' })).toBeVisible();

  // Staff: the administrator is alone, and the screen says what to do; a project manager is added.
  await openNav(page, 'スタッフ');
  await expect(page.getByText('スタッフは管理者だけです。')).toBeVisible();
  await page.getByRole('button', { name: 'スタッフを追加' }).first().click();
  await page.getByLabel('ログイン ID').fill('sato');
  await page.getByLabel('姓', { exact: true }).fill('佐藤');
  await page.getByLabel('名', { exact: true }).fill('花子');
  await page.getByLabel('役割').selectOption({ label: '案件担当マネージャー' });
  await page.getByLabel('担当拠点').selectOption({ label: '白馬' });
  // A new account without a password is refused at the boundary, under the password field.
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('新しいアカウントにはパスワードを設定してください。')).toBeVisible();
  await page.getByLabel('パスワード（10 文字以上）').fill('sato-hanako-2026');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('cell', { name: 'sato', exact: true })).toBeVisible();

  // Workers: the empty list says what to do; a worker with skill stages and a PIN.
  await openNav(page, '登録者');
  await expect(page.getByText('まだ登録者がいません。')).toBeVisible();
  await page.getByRole('button', { name: '登録者を追加' }).first().click();
  await page.getByLabel('登録番号', { exact: true }).fill('Ｗ０１０１');
  await page.getByLabel('所属拠点').selectOption({ label: '白馬' });
  await page.getByLabel('姓', { exact: true }).fill('松沢');
  await page.getByLabel('名', { exact: true }).fill('里美');
  await page.getByLabel('セイ').fill('まつざわ');
  await page.getByLabel('メイ').fill('さとみ');
  await page.getByLabel('IT スキル').selectOption('B');
  await expect(page.getByText('B: オフィスソフトの応用')).toBeVisible();
  await page.getByLabel('ビジネススキル').selectOption('A');
  await page.getByLabel('暗証番号').fill('2468');
  await page.getByRole('button', { name: '保存' }).click();
  const workerRow = page.getByRole('row', { name: /W0101/ });
  await expect(workerRow).toContainText('松沢 里美');
  await expect(workerRow).toContainText('マツザワ サトミ');
  await expect(workerRow.getByRole('cell', { name: 'B', exact: true })).toBeVisible();

  // The manager takes over: staff accounts are the administrator's, so the manager sees no way to add one.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  // Signed out, a center PC is the kiosk again (wait for it: sign-out moves the page itself).
  await expect(page.getByRole('heading', { name: '打刻' })).toBeVisible();
  await signIn(page, s.url, 'sato', 'sato-hanako-2026');
  await openNav(page, 'スタッフ');
  await expect(page.getByRole('cell', { name: 'kanri', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'スタッフを追加' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'main' }).getByRole('button', { name: '端末・監査ログ' })).toHaveCount(0);

  // Clients: the municipality the work comes from.
  await openNav(page, '発注者');
  await expect(page.getByText('まだ発注者がいません。')).toBeVisible();
  await page.getByRole('button', { name: '発注者を追加' }).first().click();
  await page.getByLabel('発注者名').fill('白馬村');
  await page.getByLabel('自治体').check();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('cell', { name: '白馬村', exact: true })).toBeVisible();

  // Jobs: the empty list asks for a job first, with the button that makes one.
  await openNav(page, '案件');
  await expect(page.getByText('まず案件を作成してください。')).toBeVisible();
  await page.getByRole('status').getByRole('button', { name: '案件を作成' }).click();
  await page.getByLabel('案件コード').fill('ARCHIVE-01');
  await page.getByLabel('案件名').fill('村史資料のデジタル化');
  await page.getByLabel('発注者').selectOption({ label: '白馬村' });
  await page.getByLabel('目標数量').fill('７，５００');
  await page.getByLabel('デジタル化（スキャン）').check();
  await page.getByLabel('センター内のみ').check();
  await page.getByLabel('開始日').fill('2026-12-07');
  await page.getByLabel('納期').fill('2027-03-19');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('案件 ARCHIVE-01 を保存しました。')).toBeVisible();
  // Sites, staff, workers and a job now exist: the guide has nothing left to say.
  await expect(page.getByRole('region', { name: 'はじめの設定' })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /ARCHIVE-01/ })).toContainText('2026/12/07 〜 2027/03/19');
  await expect(page.getByRole('row', { name: /ARCHIVE-01/ })).toContainText('白馬村');
  await expect(page.getByRole('row', { name: /ARCHIVE-01/ })).toContainText('7,500 頁');

  // Its workflow: no stitching (no composites here), scanning from stage B, with the preview saying who can.
  await page.getByRole('button', { name: 'ARCHIVE-01 の工程を設定' }).click();
  await expect(page.getByRole('heading', { name: 'スキャン案件の設定' })).toBeVisible();
  await page.getByRole('button', { name: '合成 を外す' }).click();
  await page.getByLabel('スキャン に必要なスキル段階').selectOption('B');
  const preview = page.getByRole('table', { name: 'プレビュー: だれがどの工程をできるか' });
  await expect(preview.getByRole('row', { name: /^2\. スキャン/ })).toHaveText(/2\. スキャン\s*—\s*○\s*○\s*○\s*使用スキャナ/);
  await expect(preview.getByRole('row', { name: /合成/ })).toHaveCount(0);
  await page.getByRole('button', { name: '設定を保存' }).click();
  await expect(page.getByText('設定を保存しました。')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('スキャン に必要なスキル段階')).toHaveValue('B');
  await expect(page.getByRole('button', { name: '合成 を外す' })).toHaveCount(0);

  // The first volume of the job.
  await page.getByLabel('冊番号').fill('001');
  await page.getByLabel('簿冊名').fill('村史編纂資料 第1集');
  await page.getByLabel('頁数', { exact: true }).fill('120');
  await page.getByRole('button', { name: '冊を追加' }).click();
  await expect(page.getByText('登録済みの冊（1）')).toBeVisible();

  // An entry job, worked at home too.
  await openNav(page, '案件');
  await page.getByRole('button', { name: '案件を作成' }).first().click();
  await page.getByLabel('案件コード').fill('VEHICLE-01');
  await page.getByLabel('案件名').fill('公用車利用記録の入力');
  await page.getByLabel('発注者').selectOption({ label: '白馬村' });
  await page.getByLabel('データ入力').check();
  await page.getByLabel('在宅可').check();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('row', { name: /VEHICLE-01/ })).toContainText('在宅可');

  // Batches need a template first: the screen says so and leads there.
  await page.getByRole('button', { name: 'VEHICLE-01 の入力バッチへ' }).click();
  await expect(page.getByText('まず入力様式を作成してください。')).toBeVisible();
  await page.getByRole('status').getByRole('button', { name: '新しい様式を作る' }).click();
  await expect(page.getByText('まだ入力様式がありません。')).toBeVisible();
  await page.getByRole('button', { name: '車両利用記録簿から作る' }).click();
  await page.getByLabel('様式コード').fill('HAKUBA-LOG');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('combobox', { name: '入力様式' })).toContainText('HAKUBA-LOG');

  // The first batch, from an uploaded PDF.
  await page.getByRole('navigation', { name: 'main' }).getByRole('button', { name: '入力バッチ' }).click();
  await page.getByRole('button', { name: 'バッチを作る' }).click();
  await page.getByLabel('案件').selectOption({ label: 'VEHICLE-01 公用車利用記録の入力' });
  await page.getByLabel('入力様式', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('バッチコード').fill('LOG-01');
  await page.getByLabel('バッチ名').fill('2026 年 11 月分');
  await page.getByLabel('原稿ファイル（PDF・画像）').setInputFiles({ name: 'logbook.pdf', mimeType: 'application/pdf', buffer: await twoPagePdf() });
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('未割当 2 ページ').first()).toBeVisible();
  await page.getByRole('button', { name: 'ログアウト' }).click();

  // The kiosk offers the new job, and the worker clocks in to it with the PIN set above.
  await page.goto(s.url);
  await expect(page.getByRole('heading', { name: '打刻' })).toBeVisible();
  await page.getByLabel('登録番号（バッジを読み取るか入力）').fill('W0101');
  await page.getByLabel('登録番号（バッジを読み取るか入力）').press('Enter');
  for (const digit of '2468') await page.getByRole('button', { name: `数字 ${digit}`, exact: true }).click();
  await page.getByRole('button', { name: '確認', exact: true }).click();
  // The kiosk offers its jobs as a list or as buttons, and says 出勤 or 作業開始 (the kiosk is being reworded).
  const start = page.getByRole('button', { name: /^(出勤|作業開始)$/ });
  await expect(start).toBeVisible();
  const jobButtons = page.getByRole('group', { name: '案件' });
  if ((await jobButtons.count()) > 0) await jobButtons.getByRole('button', { name: /ARCHIVE-01/ }).click();
  else await page.getByLabel('案件').selectOption({ label: 'ARCHIVE-01 村史資料のデジタル化' });
  await start.click();
  await expect(page.getByText(/^(出勤|作業開始)を記録しました/)).toBeVisible();
  // The punch is on the new job.
  await signIn(page, s.url, 'sato', 'sato-hanako-2026');
  await openNav(page, '在席ボード');
  await expect(page.getByRole('row', { name: /松沢 里美/ })).toContainText('村史資料のデジタル化');
});
