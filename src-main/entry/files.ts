// Source files of a batch: checked (readable PDF or image), stored once by SHA-256 in the data folder — encrypted
// with the store's file key (src-main/store/file-crypto.ts) — and read back for the entry screen. Files travel by
// the delivery path, never inside sync messages (DESIGN.md rule 10).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { AppError } from '../../src-shared/core/errors';
import { isSealed, openSealedFile, sealToFile } from '../store/file-crypto';
import type { Store } from '../store/open';

export interface CheckedFile {
  sha256: string;
  fileName: string;
  mime: 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/tiff' | 'image/svg+xml';
  bytes: number;
  pageCount: number;
  data: Buffer;
}

const imageMimes: Record<string, CheckedFile['mime']> = { png: 'image/png', jpeg: 'image/jpeg', tiff: 'image/tiff', svg: 'image/svg+xml' };

/** Files a batch being made has stored and its command does not name yet: the sweep leaves them alone. */
export const filesBeingStored = new Set<string>();

export function sourcesDir(store: Store): string {
  return path.join(path.dirname(store.sqlite.name), 'entry-sources');
}

export function sourcePath(store: Store, sha256: string): string {
  return path.join(sourcesDir(store), sha256.slice(0, 2), sha256);
}

export function sha256Of(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

async function pdfPageCount(data: Buffer): Promise<number> {
  // pdf-lib parses the cross-reference table and page tree in plain Node; pdf.js stays in the renderer, where it
  // draws pages (it needs DOM classes and a canvas that main does not have). Encrypted scans are still counted.
  const doc = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  return doc.getPageCount();
}

/** Reads the file for what it is, not for its name: a renamed Word file is refused with its name in the message. */
export async function checkSourceFile(fileName: string, data: Buffer): Promise<CheckedFile> {
  const bad = () => new AppError('invalid_input', 'entry.errors.unreadableFile', { file: fileName });
  if (data.length === 0) throw bad();
  const base = { sha256: sha256Of(data), fileName, bytes: data.length, data };
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') {
    const pageCount = await pdfPageCount(data).catch(() => {
      throw bad();
    });
    if (pageCount < 1) throw bad();
    return { ...base, mime: 'application/pdf', pageCount };
  }
  const meta = await sharp(data).metadata().catch(() => {
    throw bad();
  });
  const mime = meta.format ? imageMimes[meta.format] : undefined;
  if (!mime || !meta.width || !meta.height) throw bad();
  return { ...base, mime, pageCount: mime === 'image/tiff' ? (meta.pages ?? 1) : 1 };
}

/** Idempotent: the same content is stored once, whatever it was called; sealed when the store is encrypted. */
export function storeSourceFile(store: Store, file: { sha256: string; data: Buffer }): void {
  const target = sourcePath(store, file.sha256);
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (store.fileKey) {
    sealToFile(store.fileKey, file.data, target);
    return;
  }
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, file.data);
  fs.renameSync(tmp, target);
}

/** The first bytes of a stored file: enough to tell a sealed file from a plain one (`isSealed`). */
export function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

export function readSourceFile(store: Store, sha256: string): Buffer {
  const file = sourcePath(store, sha256);
  if (!fs.existsSync(file)) throw new AppError('not_found', 'entry.errors.sourceMissing');
  if (isSealed(readHead(file))) {
    if (!store.fileKey) throw new AppError('storage_unavailable', 'fatal.databaseLocked');
    return openSealedFile(store.fileKey, file);
  }
  const plain = fs.readFileSync(file);
  // Stored before files were encrypted: seal it now that it has been read.
  if (store.fileKey && sha256Of(plain) === sha256) sealToFile(store.fileKey, plain, file);
  return plain;
}

/** Seals every source file still stored in the clear (made before files were encrypted). Returns how many. */
export function sealLegacySourceFiles(store: Store): number {
  const key = store.fileKey;
  const root = sourcesDir(store);
  if (!key || !fs.existsSync(root)) return 0;
  let sealed = 0;
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(root, dir.name))) {
      const file = path.join(root, dir.name, name);
      if (name.endsWith('.tmp')) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (isSealed(readHead(file))) continue;
      // Streams from the plain file into a sealed copy, then overwrites the plain one with it.
      sealToFile(key, file, file);
      sealed += 1;
    }
  }
  return sealed;
}

const acceptedExtensions = /\.(pdf|png|jpe?g|tiff?|svg)$/i;

/** The delivery folder: every PDF/image in it, in name order (how scanners number their output). */
export function listDeliveryFolder(folder: string): string[] {
  if (!path.isAbsolute(folder) || !fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new AppError('invalid_input', 'entry.errors.folderMissing', { folder });
  }
  const names = fs.readdirSync(folder).filter((n) => acceptedExtensions.test(n)).sort((a, b) => a.localeCompare(b, 'ja', { numeric: true }));
  if (names.length === 0) throw new AppError('invalid_input', 'entry.errors.folderEmpty', { folder });
  return names.map((n) => path.join(folder, n));
}
