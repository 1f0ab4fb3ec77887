// Delivery manifest from a real folder (names, SHA-256, counts) and real TIFF checks made with sharp.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/core/ids';
import { checkImage } from '../../../src-main/scan/image-check';
import { openTestApp, tempDir, type TestApp } from '../../helpers/app';

let t: TestApp;
let token: string;
let jobId: string;
beforeAll(async () => {
  t = openTestApp({ demo: true });
  token = (await t.must('auth.login', { loginId: 'manager', password: 'tomoni-demo' })).token;
  jobId = newId();
  await t.must('people.saveJob', { id: jobId, code: 'ARCHIVE-03', name: '図面', clientName: '塩尻市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
  for (const [volumeNo, expectedPages] of [['001', 3], ['002', 3], ['003', 2]] as const) {
    await t.must('scan.addVolume', { jobId, volumeNo, title: `図面 ${volumeNo}`, shelfNo: 'K-1', expectedPages, format: 'A0', restriction: 'none', dcDate: '昭和50年' }, token);
  }
}, 60_000);
afterAll(() => t.close());

describe('delivery manifest', () => {
  it('checks names, hashes every file and reconciles counts with the list', async () => {
    const folder = tempDir('tomoni-delivery-');
    const write = (name: string, body: string) => fs.writeFileSync(path.join(folder, name), body);
    for (let p = 1; p <= 3; p++) write(`ARCHIVE-03_001_000${p}.tif`, `tiff 001 ${p}`);
    write('ARCHIVE-03_002_0001.tif', 'tiff 002 1');
    write('scan0001.tif', 'stray');
    write('ARCHIVE-03_999_0001.tif', 'unknown volume');
    write('OTHER-01_001_0001.tif', 'other job');
    const m = await t.must('scan.buildManifest', { jobId, folder, shipmentNo: 'S001' }, token);
    expect(m).toMatchObject({ fileCount: 4, volumeCount: 2, unknownVolumes: ['999'], missingVolumes: ['003'], mismatches: [{ volumeNo: '002', expected: 3, found: 1 }] });
    expect(m.badNames.sort()).toEqual(['OTHER-01_001_0001.tif', 'scan0001.tif']);
    expect(m.csv.startsWith('\uFEFF')).toBe(true);
    const lines = m.csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('file,dc:identifier,dc:title,dc:creator,dc:source,dc:rights,dc:date,format,bytes,sha256');
    const first = lines[1].split(',');
    expect(first[0]).toBe('ARCHIVE-03_001_0001.tif');
    expect(first[1]).toBe('ARCHIVE-03-001-0001');
    expect(first.at(-1)).toBe(createHash('sha256').update('tiff 001 1').digest('hex'));
    expect(m.manifestSha256).toBe(createHash('sha256').update(m.csv, 'utf8').digest('hex'));
    const missing = await t.call('scan.buildManifest', { jobId, folder: path.join(folder, 'nope'), shipmentNo: 'S001' }, token);
    expect(missing).toMatchObject({ ok: false, error: { messageKey: 'scan.errors.folderNotFound' } });
  });
});

describe('image checks', () => {
  const dir = tempDir('tomoni-tiff-');
  // Density goes into the TIFF tags (sharp's xres is pixels per mm); withMetadata would force sRGB.
  const tiff = async (name: string, channels: 1 | 3 | 4, density: number) => {
    const file = path.join(dir, name);
    let img = sharp({ create: { width: 400, height: 300, channels: channels === 4 ? 4 : 3, background: { r: 200, g: 190, b: 170, alpha: 1 } } });
    if (channels === 1) img = img.toColourspace('b-w');
    await img.tiff({ compression: 'lzw', xres: density / 25.4, yres: density / 25.4, resolutionUnit: 'inch' }).toFile(file);
    return file;
  };
  const target = { targetPpi: 400, colorMode: 'color24' as const, fileFormat: 'tiff' as const };

  it('accepts a TIFF that meets the target', async () => {
    const r = await checkImage(await tiff('ok.tif', 3, 400), target, 25.4);
    expect(r).toMatchObject({ width: 400, height: 300, channels: 3, bitsPerSample: 8, hasAlpha: false, format: 'tiff', realPpi: 400 });
    expect(r.densityPpi).toBeCloseTo(400, 0);
    expect(r.problems).toEqual([]);
  });

  it('finds low header density, low real resolution, alpha and grey images', async () => {
    const low = await checkImage(await tiff('low.tif', 3, 300), target, 50.8);
    expect(low.problems.map((p) => p.messageKey)).toEqual(['scan.image.lowDensity', 'scan.image.lowRealPpi']);
    const alpha = await checkImage(await tiff('alpha.tif', 4, 400), target, null);
    expect(alpha.problems.map((p) => p.messageKey)).toEqual(['scan.image.alpha']);
    const grey = await checkImage(await tiff('grey.tif', 1, 400), target, null);
    expect(grey.problems.map((p) => p.messageKey)).toEqual(['scan.image.notColor']);
    expect((await checkImage(await tiff('grey2.tif', 1, 400), { ...target, colorMode: 'gray8' }, null)).problems).toEqual([]);
  });
});
