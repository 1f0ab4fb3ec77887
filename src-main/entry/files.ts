// Source files of a batch: checked (readable PDF or image), stored once by SHA-256 in the data folder, read back
// for the entry screen. Files travel by the delivery path, never inside sync messages (DESIGN.md rule 10).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { AppError } from '../../src-shared/core/errors';
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

/** Idempotent: the same content is stored once, whatever it was called. */
export function storeSourceFile(store: Store, file: { sha256: string; data: Buffer }): void {
  const target = sourcePath(store, file.sha256);
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, file.data);
  fs.renameSync(tmp, target);
}

export function readSourceFile(store: Store, sha256: string): Buffer {
  const file = sourcePath(store, sha256);
  if (!fs.existsSync(file)) throw new AppError('not_found', 'entry.errors.sourceMissing');
  return fs.readFileSync(file);
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
