// Failure paths a person must understand: an unopenable or newer database gives a clear screen, never a blank one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

test('a database that cannot be opened shows a translated full-screen reason', async ({ page, serve }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-bad-'));
  fs.writeFileSync(path.join(dataDir, 'tomoni.sqlite'), 'not a database at all '.repeat(500));
  const s = await serve({ dataDir });
  await page.goto(s.url);
  await expect(page.getByRole('heading', { name: 'ともにを起動できません' })).toBeVisible();
  await expect(page.getByText('データベースを開けません。ディスクの空き容量と保存先のアクセス権を確認してください。')).toBeVisible();
  // The file is left exactly as it was.
  expect(fs.readFileSync(path.join(dataDir, 'tomoni.sqlite'), 'utf8').startsWith('not a database')).toBe(true);
});
