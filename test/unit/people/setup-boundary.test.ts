// Setting up an operator through the API on a real SQLite file, from an empty store: what the set-up screens send
// is checked at the boundary with field-level reasons, and a refused save changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorPayload, Result } from '../../../src-shared/core/errors';
import { newId } from '../../../src-shared/core/ids';
import { defaultWorkflow } from '../../../src-shared/scan/workflow';
import { DEFAULT_NAMING_PATTERN } from '../../../src-shared/scan/naming';
import { createTranslator } from '../../../src-shared/i18n/translate';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = openTestApp();
  await t.must('setup.initialize', {
    operatorName: '白馬村テレワーク協会',
    siteName: '白馬',
    siteCode: 'HAKUBA',
    deviceKind: 'center',
    admin: { loginId: 'kanri', familyName: '丸山', givenName: '健', password: 'hakuba-2026-kanri' },
  });
  admin = (await t.must('auth.login', { loginId: 'kanri', password: 'hakuba-2026-kanri' })).token;
}, 60_000);
afterAll(() => t.close());

/** The error of a call that must fail (a success fails the test). */
async function refused(result: Promise<Result<unknown>>): Promise<ErrorPayload> {
  const r = await result;
  if (r.ok) throw new Error('expected a refusal, got a success');
  return r.error;
}

const staff = (loginId: string) => ({ id: newId(), loginId, familyName: '佐藤', givenName: '花子', role: 'manager' as const, siteId: null, active: true });

describe('setting up from nothing', () => {
  it('refuses a new staff account without a password, under the password field, and creates nothing', async () => {
    const r = await refused(t.call('people.saveStaff', staff('sato'), admin));
    expect(r.issues).toEqual([{ path: 'password', messageKey: 'validation.passwordRequired' }]);
    expect(createTranslator('ja').t('validation.passwordRequired')).toContain('パスワード');
    expect((await t.must('people.listStaff', {}, admin)).map((s) => s.loginId)).toEqual(['kanri']);
    // Editing an existing account keeps its password when none is typed.
    const created = await t.must('people.saveStaff', { ...staff('sato'), password: 'sato-hanako-2026' }, admin);
    await t.must('people.saveStaff', { ...created, role: 'director' }, admin);
    await t.must('auth.login', { loginId: 'sato', password: 'sato-hanako-2026' });
  });

  it('keeps at least one active administrator: the last one can be neither demoted nor deactivated', async () => {
    const me = (await t.must('people.listStaff', {}, admin)).find((s) => s.loginId === 'kanri')!;
    const { operatorId: _operatorId, ...form } = me;
    for (const change of [{ role: 'manager' as const }, { active: false }]) {
      const r = await refused(t.call('people.saveStaff', { ...form, ...change }, admin));
      expect(r.issues).toEqual([{ path: 'role', messageKey: 'errors.people.lastAdmin' }]);
    }
    expect((await t.must('people.listStaff', {}, admin)).find((s) => s.id === me.id)).toMatchObject({ role: 'admin', active: true });
    // A rename is fine.
    await t.must('people.saveStaff', { ...form, givenName: '健一' }, admin);
  });

  it('a manager makes a scan job and edits its workflow; a step cannot be dropped while volumes stand at it', async () => {
    await t.must('people.saveStaff', { ...staff('ueda'), password: 'ueda-manager-26' }, admin);
    const manager = (await t.must('auth.login', { loginId: 'ueda', password: 'ueda-manager-26' })).token;
    const job = await t.must(
      'people.saveJob',
      { id: newId(), code: 'ARCHIVE-01', name: '村史資料', clientName: '白馬村', kind: 'scan', restriction: 'center_only', status: 'active', startDate: '2026-12-07', dueDate: null },
      manager,
    );
    const base = { jobId: job.id, qualityLevel: 'fadgi3' as const, targetPpi: 400, colorMode: 'color24' as const, fileFormat: 'tiff' as const, namingPattern: DEFAULT_NAMING_PATTERN };

    const twice = await refused(t.call('scan.saveSettings', { ...base, workflow: [defaultWorkflow[1], defaultWorkflow[1]] }, manager));
    expect(twice.issues).toEqual([{ path: 'workflow', messageKey: 'validation.duplicateStep' }]);

    const noStitch = defaultWorkflow.filter((s) => s.key !== 'stitch').map((s) => (s.key === 'scan' ? { ...s, minSkill: 'B' as const } : s));
    await t.must('scan.saveSettings', { ...base, workflow: noStitch }, manager);
    expect((await t.must('scan.getSettings', { jobId: job.id }, manager)).workflow.map((s) => s.key)).not.toContain('stitch');

    await t.must('scan.addVolume', { jobId: job.id, volumeNo: '001', title: '第1集', shelfNo: '', expectedPages: 120, format: 'A4', restriction: 'none', dcDate: '' }, manager);
    const dropReceive = await refused(t.call('scan.saveSettings', { ...base, workflow: noStitch.filter((s) => s.key !== 'receive') }, manager));
    expect(dropReceive.messageKey).toBe('scan.errors.stepInUse');
    expect(createTranslator('ja').t(dropReceive.messageKey, dropReceive.params)).toBe('「受入」の工程に 1 冊あるため、この工程は外せません。');
    expect((await t.must('scan.getSettings', { jobId: job.id }, manager)).workflow.map((s) => s.key)).toContain('receive');
  });

  it('jobs pick a registered client and carry a target with its unit (migration 0006 columns)', async () => {
    const columns = (t.app.services.store.sqlite.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['client_id', 'target', 'target_unit']));
    const client = await t.must('people.saveClient', { id: newId(), name: '白馬村 総務課', kind: 'municipality', active: true }, admin);
    const job = { id: newId(), code: 'VEHICLE-01', name: '公用車', clientName: '', kind: 'entry' as const, restriction: 'home_allowed' as const, status: 'active' as const, startDate: null, dueDate: null };

    const unknown = await refused(t.call('people.saveJob', { ...job, clientId: newId() }, admin));
    expect(unknown.messageKey).toBe('errors.people.clientNotFound');
    const noUnit = await refused(t.call('people.saveJob', { ...job, clientId: client.id, target: 1200, targetUnit: null }, admin));
    expect(noUnit.messageKey).toBe('errors.people.targetUnitMissing');
    const backwards = await refused(t.call('people.saveJob', { ...job, startDate: '2027-03-19', dueDate: '2026-12-07' }, admin));
    expect(backwards.issues).toEqual([{ path: 'dueDate', messageKey: 'validation.dueBeforeStart' }]);
    const negative = await refused(t.call('people.saveJob', { ...job, target: -3, targetUnit: 'pages' }, admin));
    expect(negative.issues?.[0]).toMatchObject({ path: 'target', messageKey: 'validation.tooSmall' });
    expect((await t.must('people.listJobs', {}, admin)).map((j) => j.code)).not.toContain('VEHICLE-01');

    const saved = await t.must('people.saveJob', { ...job, clientId: client.id, target: 1200, targetUnit: 'pages' }, admin);
    expect(saved).toMatchObject({ clientId: client.id, clientName: '白馬村 総務課', target: 1200, targetUnit: 'pages' });
    // A device one version behind sends neither field: what is stored stays.
    const older = await t.must('people.saveJob', { ...job, name: '公用車利用記録' }, admin);
    expect(older).toMatchObject({ name: '公用車利用記録', clientId: client.id, target: 1200, targetUnit: 'pages' });
    expect((await t.must('people.listClients', {}, admin)).map((c) => c.name)).toEqual(['白馬村 総務課']);
  });

  it('a director may read the registry but not change it', async () => {
    const director = (await t.must('auth.login', { loginId: 'sato', password: 'sato-hanako-2026' })).token;
    expect((await t.must('people.listJobs', {}, director)).map((j) => j.code)).toEqual(['ARCHIVE-01', 'VEHICLE-01']);
    expect((await refused(t.call('people.saveClient', { id: newId(), name: '大町市', kind: 'municipality', active: true }, director))).code).toBe('forbidden');
    const r = await refused(t.call('people.saveSite', { id: newId(), code: 'OTARI', name: '小谷', kind: 'center', active: true }, director));
    expect(r.code).toBe('forbidden');
  });
});
