// A new center PC joins HQ from the setup screen over a 64 kbit/s link (`../shared/tools/linkproxy.mjs` between the
// browser-mode `serve` and a real `npm run hq`): the screen the person is looking at shows rows held of rows at HQ,
// rising, and the time left; when the first sync is done the PC is set up and the kiosk appears (decision 0098).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLinkProxy } from '../../../bench/sync-proxy';
import { prepareHqWithHistory } from '../../helpers/hq-history';
import { startHqProcess } from '../../helpers/hq-process';
import { expect, test } from '../fixtures';

test('joining on a slow link shows rows held of rows at HQ and the time left until the PC is set up', async ({ page, serve }) => {
  test.setTimeout(240_000);
  const hqDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-join-hq-'));
  const { code } = await prepareHqWithHistory(hqDir, 3_000);
  const hq = await startHqProcess(hqDir, { existing: true });
  const proxy = await startLinkProxy(Number(new URL(hq.url).port), { kbit: 64, oneWayDelayMs: 100, stallProb: 0, stallMs: 0, seed: 1 }, path.join(hqDir, 'link.json'));
  try {
    const app = await serve();
    await page.goto(app.url);
    await page.getByLabel('本部の URL').fill(`http://127.0.0.1:${proxy.port}`);
    await page.getByLabel('参加コード').fill(code);
    await page.getByRole('button', { name: '参加する' }).click();

    // The setup screen turns into the join: no greyed button, the rows and the time left.
    await expect(page.getByRole('heading', { name: '本部からデータを受け取っています' })).toBeVisible();
    const rows = page.getByTestId('join-rows');
    await expect(rows).toHaveText(/^[\d,]+ \/ [\d,]+ 件（\d+%）$/, { timeout: 60_000 });
    const held = async () => Number((await rows.textContent())!.split(' / ')[0].replace(/,/g, ''));
    const first = await held();
    await expect(page.getByTestId('join-time-left')).toHaveText(/^残り約 (\d+ 分 )?\d+ 秒$/, { timeout: 60_000 });
    await expect.poll(held, { timeout: 60_000 }).toBeGreaterThan(first);
    expect(Number((await rows.textContent())!.split(' / ')[1].split(' ')[0].replace(/,/g, ''))).toBeGreaterThanOrEqual(3_000);
    // A reload in the middle keeps the person on the join (set-up is not done until the first sync is).
    await page.reload();
    await expect(page.getByRole('heading', { name: '本部からデータを受け取っています' })).toBeVisible();

    // Done: the PC is set up and its kiosk appears.
    await expect(page.getByLabel('登録番号（バッジを読み取るか入力）')).toBeVisible({ timeout: 180_000 });
    await expect(page.getByRole('heading', { name: '本部からデータを受け取っています' })).toHaveCount(0);
  } finally {
    await proxy.stop().catch(() => null);
    await hq.stop();
    fs.rmSync(hqDir, { recursive: true, force: true });
  }
});
