// Files picked in the UI arrive in 1 MiB chunks (decision 0121): a scan larger than browser mode's 8 MB request
// limit becomes a batch, a chunk sent twice is taken once, nothing plain is staged on disk, a save with a file cut
// short is refused with the file's name, and more files can be added to the batch later.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/core/ids';
import { UPLOAD_CHUNK_BYTES } from '../../../src-shared/entry/contract';
import { readSourceFile, sha256Of } from '../../../src-main/entry/files';
import { openTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
let admin: string;
let jobId: string;
let templateId: string;

/** A real PDF of `pages` pages carrying `padding` random bytes (a scan's weight). */
async function bigPdf(pages: number, padding: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 800 });
  await doc.attach(Buffer.from(Array.from({ length: padding }, () => Math.floor(Math.random() * 256))), 'scan.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function send(uploadId: string, data: Buffer, from = 0, to = data.length): Promise<number> {
  let offset = from;
  while (offset < to) {
    const chunk = data.subarray(offset, Math.min(to, offset + UPLOAD_CHUNK_BYTES));
    offset = (await t.must('entry.uploadChunk', { uploadId, offset, total: data.length, base64: chunk.toString('base64') }, admin)).received;
  }
  return offset;
}

beforeAll(async () => {
  t = openTestApp({ encrypted: true });
  await t.must('setup.initialize', { operatorName: '事業者', siteName: '本所', siteCode: 'A', deviceKind: 'center', admin: { loginId: 'boss', familyName: '本', givenName: '部', password: 'long-enough-password-1' } });
  admin = (await t.must('auth.login', { loginId: 'boss', password: 'long-enough-password-1' })).token;
  templateId = (
    await t.must('entry.saveTemplate', { id: newId(), code: 'Q', name: '設問', kind: 'generic', active: true, def: { header: [], row: [{ key: 'a', label: 'A', type: 'text', required: true, maxLength: 10 }], rowsPerPage: 5, rules: [] } }, admin)
  ).id;
  jobId = (await t.must('people.saveJob', { id: newId(), code: 'J1', name: '入力', clientName: '市', kind: 'entry', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, admin)).id;
}, 60_000);
afterAll(() => t.close());

describe('chunked uploads from the UI', () => {
  it('make a batch from a file larger than one request may be, sealed all the way', async () => {
    const pdf = await bigPdf(3, 9 * 1024 * 1024);
    expect(pdf.length).toBeGreaterThan(8 * 1024 * 1024);
    const uploadId = newId();
    // Two chunks arrive; the second is sent again (its answer was lost): taken once.
    const half = await send(uploadId, pdf, 0, 2 * UPLOAD_CHUNK_BYTES);
    expect(half).toBe(2 * UPLOAD_CHUNK_BYTES);
    const again = await t.must('entry.uploadChunk', { uploadId, offset: UPLOAD_CHUNK_BYTES, total: pdf.length, base64: pdf.subarray(UPLOAD_CHUNK_BYTES, 2 * UPLOAD_CHUNK_BYTES).toString('base64') }, admin);
    expect(again.received).toBe(2 * UPLOAD_CHUNK_BYTES);
    // Saving now names a file cut short: refused with its name, nothing made.
    const early = await t.call('entry.createBatch', { jobId, templateId, code: 'B-EARLY', name: '途中', doubleEntry: false, uploads: [{ uploadId, fileName: 'logbook.pdf', bytes: pdf.length }] }, admin);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error).toMatchObject({ messageKey: 'entry.errors.uploadIncomplete', params: { file: 'logbook.pdf' } });
    // The staged chunks are sealed: no run of the file's bytes is on disk.
    const staged = fs.readdirSync(path.join(t.dataDir, 'uploads')).map((f) => fs.readFileSync(path.join(t.dataDir, 'uploads', f)));
    expect(staged.length).toBe(1);
    expect(staged[0].includes(pdf.subarray(4096, 4160))).toBe(false);

    await send(uploadId, pdf, half);
    const batch = await t.must('entry.createBatch', { jobId, templateId, code: 'B-BIG', name: '大きな原稿', doubleEntry: false, uploads: [{ uploadId, fileName: 'logbook.pdf', bytes: pdf.length }] }, admin);
    expect(batch.pages).toBe(3);
    expect(readSourceFile(t.app.services.store, sha256Of(pdf)).equals(pdf)).toBe(true);
    expect(fs.readdirSync(path.join(t.dataDir, 'uploads'))).toEqual([]);

    // The rest of the logbooks arrive later: added to the same batch, pages after the ones it has.
    const more = await bigPdf(2, 1000);
    const next = newId();
    await send(next, more);
    const detail = await t.must('entry.addFiles', { batchId: batch.id, uploads: [{ uploadId: next, fileName: 'logbook-2.pdf', bytes: more.length }] }, admin);
    expect(detail.batch.pages).toBe(5);
    expect(detail.batch.unassignedPages).toBe(5);
  });

  it('refuses a chunk that is not whole pieces or runs past the file', async () => {
    const uploadId = newId();
    const odd = await t.call('entry.uploadChunk', { uploadId, offset: 0, total: 10 * 1024 * 1024, base64: Buffer.alloc(1000).toString('base64') }, admin);
    expect(odd.ok).toBe(false);
    const past = await t.call('entry.uploadChunk', { uploadId, offset: 0, total: 10, base64: Buffer.alloc(20).toString('base64') }, admin);
    expect(past.ok).toBe(false);
  });
});
