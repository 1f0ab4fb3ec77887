// Sends picked files to the app in 1 MiB chunks (decision 0121), so a 57 MB scan is never one request, progress can
// be shown, and a save tried again goes on from what already arrived (each File keeps its upload id).
import { newId } from '../../src-shared/core/ids';
import { UPLOAD_CHUNK_BYTES } from '../../src-shared/entry/contract';
import { call } from '../api/client';
import { readAsBase64 } from './download';

export interface Uploaded {
  uploadId: string;
  fileName: string;
  bytes: number;
}

const ids = new WeakMap<File, string>();

export async function uploadFiles(files: File[], onProgress: (done: number, total: number) => void): Promise<Uploaded[]> {
  const total = files.reduce((n, f) => n + f.size, 0);
  let before = 0;
  const out: Uploaded[] = [];
  for (const file of files) {
    let uploadId = ids.get(file);
    if (!uploadId) {
      uploadId = newId();
      ids.set(file, uploadId);
    }
    let offset = 0;
    let stalled = 0;
    while (offset < file.size) {
      const base64 = await readAsBase64(file.slice(offset, offset + UPLOAD_CHUNK_BYTES));
      const { received } = await call('entry.uploadChunk', { uploadId, offset, total: file.size, base64 });
      // The app says how much it holds: a chunk it already had, or an earlier save's progress, moves us on.
      if (received <= offset && ++stalled > 2) throw new Error('upload does not advance');
      offset = received;
      onProgress(before + offset, total);
    }
    before += file.size;
    out.push({ uploadId, fileName: file.name, bytes: file.size });
  }
  return out;
}
