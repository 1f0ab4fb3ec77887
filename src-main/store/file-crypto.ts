// Files the app keeps beside its database (entry source PDFs and images) are encrypted like the database: AES-256-GCM
// under a key derived from the database key (HKDF-SHA256), so one key protects everything and wiping it wipes both.
// Files are sealed in 64 KiB chunks, each with its own tag, so a 500 MB scan never sits whole in memory; the chunk's
// number and whether it is the last are bound into each tag, so chunks cannot be reordered, dropped or cut short.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';

const MAGIC = Buffer.from('TMNF1\0', 'latin1');
const CHUNK = 64 * 1024;
const TAG = 16;
const PREFIX = 8;

/** The key for files, derived from (never equal to) the database key. */
export function deriveFileKey(databaseKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), 'tomoni files v1', 32));
}

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, PREFIX);
  return n;
}

function aad(index: number, last: boolean): Buffer {
  const a = Buffer.alloc(5);
  a.writeUInt32BE(index, 0);
  a[4] = last ? 1 : 0;
  return a;
}

export function isSealed(head: Buffer): boolean {
  return head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);
}

/** Streams `plain` (bytes or a file path) into `target`, sealed; writes under a temporary name, then renames. */
export function sealToFile(key: Buffer, plain: Buffer | string, target: string): void {
  const prefix = randomBytes(PREFIX);
  const tmp = `${target}.${process.pid}.tmp`;
  const out = fs.openSync(tmp, 'w', 0o600);
  const input = typeof plain === 'string' ? fs.openSync(plain, 'r') : null;
  try {
    fs.writeSync(out, Buffer.concat([MAGIC, prefix]));
    const total = input === null ? (plain as Buffer).length : fs.fstatSync(input).size;
    const buf = Buffer.alloc(CHUNK);
    let offset = 0;
    let index = 0;
    do {
      const size = Math.min(CHUNK, total - offset);
      const chunk = input === null ? (plain as Buffer).subarray(offset, offset + size) : buf.subarray(0, fs.readSync(input, buf, 0, size, offset));
      const last = offset + size >= total;
      const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
      cipher.setAAD(aad(index, last));
      fs.writeSync(out, Buffer.concat([cipher.update(chunk), cipher.final(), cipher.getAuthTag()]));
      offset += size;
      index += 1;
    } while (offset < total);
    fs.fsyncSync(out);
  } finally {
    fs.closeSync(out);
    if (input !== null) fs.closeSync(input);
  }
  fs.renameSync(tmp, target);
}

/** Reads a sealed file back; throws when a byte was changed, a chunk moved or the file was cut. */
export function openSealedFile(key: Buffer, file: string): Buffer {
  return readSealedRange(key, file, 0, Infinity);
}

/**
 * A sealed file that arrives in pieces (a download over a weak link, decision 0120): each 64 KiB piece is sealed as it
 * comes, so no plaintext ever sits on disk, and a cut download resumes at the last whole piece. The result has the
 * same layout as `sealToFile`'s, so `openSealedFile` reads it.
 */
export const SEALED_PIECE = CHUNK;

/** Plain bytes held in `part` so far, in whole pieces; a piece cut short by a kill is dropped from the file. */
export function sealedPartLength(part: string): number {
  let size: number;
  try {
    size = fs.statSync(part).size;
  } catch {
    return 0;
  }
  const head = MAGIC.length + PREFIX;
  if (size < head) {
    fs.rmSync(part, { force: true });
    return 0;
  }
  const pieces = Math.floor((size - head) / (CHUNK + TAG));
  if (size !== head + pieces * (CHUNK + TAG)) fs.truncateSync(part, head + pieces * (CHUNK + TAG));
  return pieces * CHUNK;
}

/**
 * Seals `plain`, which starts at `offset` (a multiple of the piece size) of a file of `total` bytes, onto the end of
 * `part`. Every piece but the file's last must be whole; the last is marked as such, as `sealToFile` does.
 */
export function appendSealedPieces(key: Buffer, part: string, plain: Buffer, offset: number, total: number): void {
  if (offset % CHUNK !== 0 || (offset + plain.length < total && plain.length % CHUNK !== 0)) throw new Error('pieces must be whole');
  const exists = fs.existsSync(part);
  const fd = fs.openSync(part, exists ? 'r+' : 'w', 0o600);
  try {
    let prefix: Buffer;
    if (exists) {
      prefix = Buffer.alloc(PREFIX);
      fs.readSync(fd, prefix, 0, PREFIX, MAGIC.length);
    } else {
      prefix = randomBytes(PREFIX);
      fs.writeSync(fd, Buffer.concat([MAGIC, prefix]), 0, MAGIC.length + PREFIX, 0);
    }
    let position = MAGIC.length + PREFIX + (offset / CHUNK) * (CHUNK + TAG);
    for (let at = 0; at < plain.length || (total === 0 && at === 0); at += CHUNK) {
      const piece = plain.subarray(at, at + CHUNK);
      const index = (offset + at) / CHUNK;
      const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
      cipher.setAAD(aad(index, offset + at + piece.length >= total));
      const sealed = Buffer.concat([cipher.update(piece), cipher.final(), cipher.getAuthTag()]);
      fs.writeSync(fd, sealed, 0, sealed.length, position);
      position += sealed.length;
      if (total === 0) break;
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Plain bytes [start, start + length) of a sealed file (Infinity: to its end), opening only the pieces that hold them. */
export function readSealedRange(key: Buffer, file: string, start: number, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(MAGIC.length + PREFIX);
    fs.readSync(fd, head, 0, head.length, 0);
    if (!isSealed(head)) throw new Error('not a sealed file');
    const prefix = head.subarray(MAGIC.length);
    const parts: Buffer[] = [];
    const buf = Buffer.alloc(CHUNK + TAG);
    for (let index = Math.floor(start / CHUNK); index * CHUNK < start + length; index++) {
      const at = head.length + index * (CHUNK + TAG);
      if (at >= size) break;
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK + TAG, size - at), at);
      if (n < TAG) throw new Error('sealed file cut short');
      const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index));
      decipher.setAAD(aad(index, at + n >= size));
      decipher.setAuthTag(buf.subarray(n - TAG, n));
      parts.push(Buffer.concat([decipher.update(buf.subarray(0, n - TAG)), decipher.final()]));
    }
    // Even an empty file has one (empty, last) piece: none at all means the file was cut.
    if (parts.length === 0 && start === 0) throw new Error('sealed file cut short');
    const joined = Buffer.concat(parts);
    const skip = start - Math.floor(start / CHUNK) * CHUNK;
    return joined.subarray(skip, skip + length);
  } finally {
    fs.closeSync(fd);
  }
}

/** SHA-256 (hex) of a sealed file's plain content, piece by piece. */
export function sealedSha256(key: Buffer, file: string): string {
  const hash = createHash('sha256');
  const size = fs.statSync(file).size;
  const pieces = Math.max(1, Math.ceil((size - MAGIC.length - PREFIX) / (CHUNK + TAG)));
  for (let i = 0; i < pieces; i += 16) hash.update(readSealedRange(key, file, i * CHUNK, 16 * CHUNK));
  return hash.digest('hex');
}
