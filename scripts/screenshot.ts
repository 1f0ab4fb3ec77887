// Takes the README screenshot: a demo center PC in Chromium through `serve`. Run: npx tsx scripts/screenshot.ts
import { chromium } from '@playwright/test';
import { startServe } from '../test/e2e/fixtures';

async function main(): Promise<void> {
  const served = await startServe({ demo: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const target = process.argv[2] ?? '';
    await page.goto(`${served.url}#/login`);
    await page.getByLabel('ログイン ID').fill(process.argv[3] ?? 'director');
    await page.getByLabel('パスワード').fill('tomoni-demo');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForSelector('.shell');
    if (target) await page.goto(`${served.url}#/${target}`);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: process.argv[4] ?? 'docs/screenshot.png' });
  } finally {
    await browser.close();
    await served.stop();
  }
}

void main();
