// A demo center PC connects to a real `npm run hq` over HTTPS (its certificate pinned from the bootstrap code,
// CODE@PIN) through the sync screen, syncs its whole
// queue, and "sync now" keeps it current; the top-bar widget says so. HQ's audit trail shows what admins did.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { signCommand, unwrapStaffKey } from '../../../src-main/auth/staff-keys';
import { HqClient } from '../../../src-main/sync/hq-client';
import { httpTransport } from '../../../src-main/sync/transport';
import { newId } from '../../../src-shared/core/ids';
import { formatHlc } from '../../../src-shared/core/hlc';
import { createCodeResponse, credentialResponse, paths, pushResponse } from '../../../src-shared/sync/protocol';
import { startHqProcess, type HqProcess } from '../../helpers/hq-process';
import { expect, signInAsStaff, test } from '../fixtures';

/** Another center PC of the same operator, enrolled with a code HQ staff made; it pushes straight from the test. */
async function secondCenterPc(hq: HqProcess, hqDir: string) {
  const db = new Database(path.join(hqDir, 'hq.sqlite'), { readonly: true });
  const admin = db.prepare("SELECT operator_id AS operatorId, id FROM entities WHERE tbl = 'staff' AND json_extract(data, '$.loginId') = 'admin'").get() as { operatorId: string; id: string };
  const siteId = db.prepare("SELECT id FROM entities WHERE tbl = 'sites' LIMIT 1").pluck().get() as string;
  // HQ believes only what the admin signed (decision 0072): this PC signs with the admin's key, unwrapped by their password.
  const credential = JSON.parse(db.prepare("SELECT data FROM entities WHERE tbl = 'credentials' AND id = ?").pluck().get(admin.id) as string) as { publicKey: string | null; wrappedKey: string | null };
  db.close();
  const signingKey = unwrapStaffKey('tomoni-demo', credential);
  if (!signingKey) throw new Error('the demo admin has no signing key at HQ');
  const identity = { appVersion: '0.1.0', schemaVersion: 1 };
  const clock = { now: () => Date.now() };
  const staff = { authorization: `Bearer ${hq.adminToken}` };
  const { value: code } = await new HqClient(httpTransport(hq.url, { sha256: hq.fingerprint! }), identity, clock).post(paths.adminCodes, { operatorId: admin.operatorId, kind: 'center', siteId, workerId: null, ttlMinutes: 60 }, createCodeResponse, staff);
  const deviceId = newId();
  const { value: cred } = await new HqClient(httpTransport(hq.url, { sha256: hq.fingerprint! }), identity, clock).post(paths.enroll, { code: code.code, deviceId }, credentialResponse);
  const client = new HqClient(httpTransport(hq.url, { sha256: hq.fingerprint! }), identity, clock, { deviceId, secret: cred.secret });
  let seq = 0;
  return {
    siteId,
    push: async (name: string, args: unknown) => {
      seq += 1;
      const actor = { role: 'admin', staffId: admin.id, workerId: null };
      const id = newId();
      const hlc = formatHlc({ wallMs: Date.now(), counter: seq, node: 'e2e2ndpc0001' });
      const proof = signCommand(signingKey, { deviceId, id, name, hlc, actor }, args);
      const res = await client.post(paths.push, { commands: [{ seq, id, name, args, actor, hlc, touches: [], proof }] }, pushResponse);
      return z.array(z.object({ status: z.string() })).parse(res.value.results);
    },
  };
}

test('a center PC attaches to HQ, syncs everything and shows it', async ({ page, serve }) => {
  const hq = await startHqProcess(fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-hq-')), { tls: true });
  try {
    const app = await serve({ demo: true });
    await signInAsStaff(page, app.url, 'admin');
    await page.goto(`${app.url}#/sync`);
    await expect(page.getByText('この端末は本部とつながっていません。')).toBeVisible();
    await page.getByLabel('本部の URL').fill(hq.url);
    await page.getByLabel('参加コード').fill(hq.bootstrapCode);
    await page.getByRole('button', { name: '接続する' }).click();
    await expect(page.getByTestId('sync-queued')).toHaveText('0', { timeout: 60_000 });
    await expect(page.getByTestId('sync-last')).not.toHaveText('まだ同期していません');
    // HTTPS with HQ's certificate pinned from the code (CODE@PIN): no plain-HTTP warning.
    expect(hq.url).toMatch(/^https:/);
    expect(hq.bootstrapCode).toContain(`@${hq.pin}`);
    await expect(page.getByTestId('sync-insecure')).toHaveCount(0);
    // Attaching runs one cycle and the agent's own start asks for another right after it: on a loaded machine that
    // second (small) cycle can still be running here.
    await expect(page.getByTestId('sync-widget')).toHaveText('同期済み', { timeout: 60_000 });
    await page.getByRole('button', { name: '今すぐ同期' }).click();
    await expect(page.getByTestId('sync-queued')).toHaveText('0');
    // HQ now knows this device.
    await expect(page.getByRole('heading', { name: '端末の管理' })).toBeVisible();
    await expect(page.getByRole('table', { name: '端末一覧' }).getByRole('row')).toHaveCount(2);
    // An admin issues an enrollment code for a site; HQ's audit trail shows it next to the operator's attach.
    await page.locator('select[name="target"]').selectOption({ index: 1 });
    await page.getByRole('button', { name: '参加コードを発行' }).click();
    await expect(page.getByTestId('enrollment-code')).toContainText('参加コード');
    const audit = page.getByRole('table', { name: '本部での操作履歴' });
    await expect(audit.getByRole('row')).toHaveCount(3);
    await expect(audit.getByRole('row').nth(1)).toContainText('参加コードの発行');
    await expect(audit.getByRole('row').nth(1)).toContainText('スタッフ 上條');
    await expect(audit.getByRole('row').nth(2)).toContainText('事業者を本部に接続');
  } finally {
    await hq.stop();
  }
});

test('a change HQ refuses is shown by name with its reason, undone locally, and a leader marks it seen', async ({ page, serve }) => {
  const hqDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-e2e-hq-'));
  const hq = await startHqProcess(hqDir, { tls: true });
  try {
    const app = await serve({ demo: true });
    await signInAsStaff(page, app.url, 'admin');
    await page.goto(`${app.url}#/sync`);
    await page.getByLabel('本部の URL').fill(hq.url);
    await page.getByLabel('参加コード').fill(hq.bootstrapCode);
    await page.getByRole('button', { name: '接続する' }).click();
    await expect(page.getByTestId('sync-queued')).toHaveText('0', { timeout: 60_000 });
    // The first sync is over (its pull too): the next one is a minute away, unless this PC writes something.
    await expect(page.getByTestId('sync-widget')).toHaveText('同期済み', { timeout: 60_000 });

    // Another center PC registers W0900 first; this PC has not heard of it yet and registers its own W0900.
    const other = await secondCenterPc(hq, hqDir);
    const worker = { code: 'W0900', role: 'worker', homeSiteId: other.siteId, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true };
    expect(await other.push('people.upsertWorker', { ...worker, id: newId(), familyName: '先', givenName: '登録', familyNameKana: 'セン', givenNameKana: 'トウロク' })).toEqual([{ status: 'applied' }]);
    await page.goto(`${app.url}#/people`);
    await page.getByRole('button', { name: '登録者を追加' }).click();
    await page.getByLabel('登録番号', { exact: true }).fill('W0900');
    await page.getByLabel('姓', { exact: true }).fill('後');
    await page.getByLabel('名', { exact: true }).fill('登録');
    await page.getByLabel('セイ').fill('ノチ');
    await page.getByLabel('メイ').fill('トウロク');
    await page.getByRole('button', { name: '保存' }).click();

    // HQ refuses it; the sync screen says which change, why, and that it was undone here.
    await page.goto(`${app.url}#/sync`);
    const refused = page.getByRole('region', { name: '本部で受け付けられなかった変更' });
    await expect(refused).toContainText('テレワーカーの登録・変更', { timeout: 60_000 });
    await expect(refused).toContainText('登録番号 W0900 はすでに使われています。');
    await expect(page.getByTestId('sync-queued')).toHaveText('0');
    await page.goto(`${app.url}#/people`);
    await expect(page.getByRole('row', { name: /W0900/ })).toContainText('先');
    await page.goto(`${app.url}#/sync`);
    await refused.getByRole('button', { name: '確認した' }).click();
    await expect(refused).toHaveCount(0);
  } finally {
    await hq.stop();
  }
});
