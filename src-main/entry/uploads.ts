// Files picked in the UI arrive in chunks (decision 0121): each chunk is a small API call, so a 57 MB scan crosses
// the 8 MB request limit of browser mode and the IPC alike, with a progress bar, and a chunk cut off is simply sent
// again. Chunks are sealed as they land (the store's file format), so no plaintext is staged on disk.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/core/errors';
import type { Store } from '../store/open';
import { appendSealedPieces, openSealedFile, sealedPartLength } from '../store/file-crypto';

const STALE_MS = 24 * 60 * 60 * 1000;
const UPLOAD_PIECE = 64 * 1024;


function uploadsDir(store: Store): string {
  return path.join(path.dirname(store.sqlite.name), 'uploads');
}

function partOf(store: Store, uploadId: string): string {
  // idSchema allows letters, digits and dashes only: the id names no other path.
  return path.join(uploadsDir(store), `${uploadId}.part`);
}

function heldLength(store: Store, part: string): number {
  if (store.fileKey) return sealedPartLength(part);
  try {
    return fs.statSync(part).size;
  } catch {
    return 0;
  }
}

/**
 * Appends one chunk at `offset` of a file of `total` bytes. A chunk sent again (its answer was lost) is taken once;
 * one past the end says where to go on from. Returns the bytes held.
 */
export function appendUploadChunk(store: Store, input: { uploadId: string; offset: number; total: number; data: Buffer }): number {
  const dir = uploadsDir(store);
  fs.mkdirSync(dir, { recursive: true });
  if (input.offset === 0) removeStale(dir);
  const part = partOf(store, input.uploadId);
  const held = heldLength(store, part);
  if (input.offset !== held) return held;
  const last = input.offset + input.data.length === input.total;
  // Chunks are whole 64 KiB pieces but the last (the UI sends 1 MiB): anything else is not our client.
  if (input.offset + input.data.length > input.total || (!last && input.data.length % UPLOAD_PIECE !== 0)) throw new AppError('invalid_input', 'errors.invalidInput');
  if (store.fileKey) appendSealedPieces(store.fileKey, part, input.data, input.offset, input.total);
  else fs.appendFileSync(part, input.data);
  return held + input.data.length;
}

/** The whole uploaded file, once all `bytes` arrived; the staged copy is removed by `discardUpload`. */
export function readUpload(store: Store, uploadId: string, bytes: number, fileName: string): Buffer {
  const part = partOf(store, uploadId);
  const incomplete = () => new AppError('invalid_input', 'entry.errors.uploadIncomplete', { file: fileName });
  if (!fs.existsSync(part)) throw incomplete();
  let data: Buffer;
  try {
    // A sealed file whose last piece has not arrived fails its check here (the last piece is marked as such).
    data = store.fileKey ? openSealedFile(store.fileKey, part) : fs.readFileSync(part);
  } catch {
    throw incomplete();
  }
  if (data.length !== bytes) throw incomplete();
  return data;
}

export function discardUpload(store: Store, uploadId: string): void {
  fs.rmSync(partOf(store, uploadId), { force: true });
}

/** Uploads abandoned a day ago (a closed window, a batch never saved) do not pile up. */
function removeStale(dir: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}
