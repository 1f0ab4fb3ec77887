// The station's core path on the real app (real SQLite file, demo data): steps, tiles, QC send-back, rework.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../helpers/app';
import { createTranslator } from '../../../src-shared/i18n/translate';

let t: TestApp;
let leader: string;
let workerA: string;
let workerB: string;
let jobId: string;

beforeAll(async () => {
  t = openTestApp({ demo: true });
  leader = (await t.must('auth.workerLogin', { code: 'W0001', pin: '1234' })).token;
  workerA = (await t.must('auth.workerLogin', { code: 'W0002', pin: '1234' })).token; // skill A
  workerB = (await t.must('auth.workerLogin', { code: 'W0003', pin: '1234' })).token; // skill B
  jobId = (await t.must('scan.listJobs', {}, leader)).find((j) => j.code === 'ARCHIVE-01')!.id;
}, 60_000);
afterAll(() => t.close());

async function rejected(result: Promise<{ ok: boolean; error?: { messageKey: string; params?: Record<string, string | number> } }>, key: string) {
  const r = await result;
  expect(r.ok).toBe(false);
  expect(r.error?.messageKey).toBe(key);
  return r.error!;
}

describe('scan station', () => {
  it('has the pilot job at real size', async () => {
    const jobs = await t.must('scan.listJobs', {}, leader);
    expect(jobs.find((j) => j.id === jobId)).toMatchObject({ volumes: 176, pages: 7500, hasSettings: true });
  });

  it('moves a volume through the steps by its slip code, refusing invalid transitions with a reason', async () => {
    const waiting = await t.must('scan.listVolumes', { jobId, stepKey: 'receive' }, leader);
    const code = waiting.find((v) => v.status === 'waiting')!.code;
    let v = await t.must('scan.lookup', { code: code.toLowerCase() }, leader);
    expect(v.next).toMatchObject({ stepKey: 'receive', action: 'start', blockedReason: null });
    const volumeId = v.volume.id;
    expect((await t.must('scan.lookup', { code }, workerA)).next.blockedReason).toEqual({ key: 'scan.errors.leaderOnly', params: { step: 'receive' } });

    const err = await rejected(t.call('scan.startStep', { volumeId, stepKey: 'receive' }, workerA), 'scan.errors.leaderOnly');
    expect(createTranslator('ja').t(err.messageKey, err.params)).toContain('受入');
    await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'receive', fields: {} }, leader), 'scan.errors.notStarted');
    await t.must('scan.startStep', { volumeId, stepKey: 'receive' }, leader);
    await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'receive', fields: {} }, leader), 'scan.errors.originalsNotIn');
    await t.must('scan.moveOriginals', { volumeId, direction: 'in' }, leader);
    v = await t.must('scan.completeStep', { volumeId, stepKey: 'receive', fields: {} }, leader);
    expect(v).toMatchObject({ stepKey: 'scan', status: 'waiting', originals: 'in' });

    // Scan: pages registered as one batch, one of them a 2×2 composite map.
    v = await t.must('scan.registerPages', { volumeId, count: 5, composite: { pages: 1, rows: 2, cols: 2 } }, workerA);
    expect(v).toMatchObject({ pageCount: 5, compositePages: 1 });
    await rejected(t.call('scan.startStep', { volumeId, stepKey: 'metadata' }, workerA), 'scan.errors.wrongStep');
    await t.must('scan.startStep', { volumeId, stepKey: 'scan' }, workerA);
    await rejected(t.call('scan.startStep', { volumeId, stepKey: 'scan' }, workerB), 'scan.errors.alreadyStarted');
    const missing = await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'scan', fields: {} }, workerA), 'scan.errors.fieldRequired');
    expect(createTranslator('ja').t(missing.messageKey, missing.params)).toContain('使用スキャナ');
    await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'scan', fields: { scanner: 'A0-1' } }, workerB), 'scan.errors.notYours');
    v = await t.must('scan.completeStep', { volumeId, stepKey: 'scan', fields: { scanner: 'A0-1' } }, workerA);
    expect(v.stepKey).toBe('stitch');

    // Stitch: a B-stage worker, and only once every tile is captured.
    await rejected(t.call('scan.startStep', { volumeId, stepKey: 'stitch' }, workerA), 'scan.errors.skillTooLow');
    await t.must('scan.startStep', { volumeId, stepKey: 'stitch' }, workerB);
    const page = v.composites[0];
    await t.must('scan.captureTiles', { pageId: page.pageId, tiles: [{ row: 1, col: 1 }, { row: 1, col: 2 }, { row: 2, col: 1 }] }, workerB);
    await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'stitch', fields: { software: 'PS' } }, workerB), 'scan.errors.tilesMissing');
    await rejected(t.call('scan.captureTiles', { pageId: page.pageId, tiles: [{ row: 1, col: 1 }] }, workerB), 'scan.errors.tileCaptured');
    await rejected(t.call('scan.captureTiles', { pageId: page.pageId, tiles: [{ row: 3, col: 1 }] }, workerB), 'scan.errors.tileOutside');
    v = await t.must('scan.captureTiles', { pageId: page.pageId, tiles: [{ row: 2, col: 2 }] }, workerB);
    expect(v.composites[0].captured).toHaveLength(4);
    v = await t.must('scan.completeStep', { volumeId, stepKey: 'stitch', fields: { software: 'PS' } }, workerB);
    expect(v.stepKey).toBe('metadata');

    for (const [stepKey, fields] of [['metadata', {}], ['pdf_ocr', { ocrEngine: 'tesseract' }], ['naming', {}]] as const) {
      await t.must('scan.startStep', { volumeId, stepKey }, workerA);
      v = await t.must('scan.completeStep', { volumeId, stepKey, fields }, workerA);
    }
    expect(v.stepKey).toBe('qc');

    // QC by sample: the queue sizes the sample from the scanning worker's stage.
    const queue = await t.must('scan.qcQueue', { jobId }, leader);
    const item = queue.find((q) => q.volumeId === volumeId)!;
    expect(item.stage).toBe('A');
    expect(item.sample.length).toBe(Math.min(5, Math.max(3, Math.ceil(5 * item.rate))));
    await t.must('scan.startStep', { volumeId, stepKey: 'qc' }, leader);
    await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'qc', fields: {} }, leader), 'scan.errors.qcMissing');
    await rejected(t.call('scan.recordQc', { volumeId, pageId: item.sample[0].pageId, result: 'fail', defectType: null }, leader), 'scan.errors.defectTypeRequired');
    await t.must('scan.recordQc', { volumeId, pageId: item.sample[0].pageId, result: 'fail', defectType: 'blur', note: 'ぼけ' }, leader);
    await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'qc', fields: {} }, leader), 'scan.errors.qcFailed');
    await rejected(t.call('scan.sendBack', { volumeId, pageId: item.sample[0].pageId, toStep: 'qc', note: 'x' }, leader), 'scan.errors.sendBackNotEarlier');
    await rejected(t.call('scan.sendBack', { volumeId, pageId: item.sample[0].pageId, toStep: 'scan', note: 'x' }, workerA), 'errors.forbidden');
    v = await t.must('scan.sendBack', { volumeId, pageId: item.sample[0].pageId, toStep: 'scan', note: 'ぼけているので再スキャン' }, leader);
    expect(v.rework).toEqual([{ pageId: item.sample[0].pageId, pageNo: item.sample[0].pageNo, stepKey: 'scan', note: 'ぼけているので再スキャン' }]);
    await rejected(t.call('scan.completeStep', { volumeId, stepKey: 'qc', fields: {} }, leader), 'scan.errors.reworkOpen');
    t.clock.advance(60_000);
    v = await t.must('scan.completeRework', { pageId: item.sample[0].pageId }, workerA);
    expect(v.rework).toEqual([]);
    // The defect is settled by the rework; the volume passes its check.
    t.clock.advance(60_000);
    await t.must('scan.recordQc', { volumeId, pageId: null, result: 'pass', defectType: null }, leader);
    v = await t.must('scan.completeStep', { volumeId, stepKey: 'qc', fields: {} }, leader);
    expect(v.stepKey).toBe('return');

    // A volume send-back returns it whole to an earlier step.
    v = await t.must('scan.sendBack', { volumeId, pageId: null, toStep: 'naming', note: 'ファイル名の誤り' }, leader);
    expect(v).toMatchObject({ stepKey: 'naming', status: 'waiting' });

    // The page's history shows who did what when, including its tiles elsewhere and the volume's steps.
    const history = await t.must('scan.pageHistory', { pageId: item.sample[0].pageId }, leader);
    const kinds = history.map((h) => h.kind);
    expect(kinds).toEqual(expect.arrayContaining(['pages_registered', 'start', 'complete', 'send_back', 'rework_done', 'qc_fail']));
    expect(history.find((h) => h.kind === 'qc_fail')!.fields).toEqual({ defectType: 'blur' });
    expect(history.find((h) => h.kind === 'rework_done')!.who).toContain('W0002');

    // Every write went to the upload queue as a named command.
    const names = t.app.services.store.sqlite.prepare("SELECT DISTINCT name FROM outbox WHERE name LIKE 'scan.%'").pluck().all();
    expect(names).toEqual(expect.arrayContaining(['scan.startStep', 'scan.completeStep', 'scan.captureTiles', 'scan.sendBack', 'scan.completeRework', 'scan.recordQc']));
  });

  it('refuses a slip code that does not exist', async () => {
    await rejected(t.call('scan.lookup', { code: 'NOPE-999' }, leader), 'scan.errors.codeNotFound');
  });

  it('records delivery then acceptance, never acceptance first', async () => {
    const sha = 'a'.repeat(64);
    await rejected(t.call('scan.recordDelivery', { jobId, shipmentNo: 'S002', kind: 'accepted', fileCount: 1, volumeCount: 1, manifestSha256: sha }, leader), 'scan.errors.notDelivered');
    await t.must('scan.recordDelivery', { jobId, shipmentNo: 'S002', kind: 'delivered', fileCount: 1, volumeCount: 1, manifestSha256: sha }, leader);
    const list = await t.must('scan.recordDelivery', { jobId, shipmentNo: 'S002', kind: 'accepted', fileCount: 1, volumeCount: 1, manifestSha256: sha }, leader);
    expect(list.filter((d) => d.shipmentNo === 'S002').map((d) => d.kind)).toEqual(['delivered', 'accepted']);
    await rejected(t.call('scan.recordDelivery', { jobId, shipmentNo: 'S002', kind: 'accepted', fileCount: 1, volumeCount: 1, manifestSha256: sha }, leader), 'scan.errors.deliveryRecorded');
  });

  it('refuses a naming rule that could give two files one name', async () => {
    const settings = await t.must('scan.getSettings', { jobId }, leader);
    const { saved: _saved, ...input } = settings;
    await rejected(t.call('scan.saveSettings', { ...input, namingPattern: '{job}_{page}.{ext}' }, leader), 'scan.errors.namingMissingToken');
    expect((await t.must('scan.getSettings', { jobId }, leader)).namingPattern).toBe(settings.namingPattern);
  });
});
