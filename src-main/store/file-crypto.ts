// Files the app keeps beside its database (entry source PDFs and images) are encrypted like the database: AES-256-GCM
// under a key derived from the database key (HKDF-SHA256), so one key protects everything and wiping it wipes both.
// Files are sealed in 64 KiB chunks, each with its own tag, so a 500 MB scan never sits whole in memory; the chunk's
// number and whether it is the last are bound into each tag, so chunks cannot be reordered, dropped or cut short.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
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
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(MAGIC.length + PREFIX);
    fs.readSync(fd, head, 0, head.length, 0);
    if (!isSealed(head)) throw new Error('not a sealed file');
    const prefix = head.subarray(MAGIC.length);
    const parts: Buffer[] = [];
    const buf = Buffer.alloc(CHUNK + TAG);
    let offset = head.length;
    let index = 0;
    while (offset < size) {
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK + TAG, size - offset), offset);
      if (n < TAG) throw new Error('sealed file cut short');
      offset += n;
      const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index));
      decipher.setAAD(aad(index, offset >= size));
      decipher.setAuthTag(buf.subarray(n - TAG, n));
      parts.push(decipher.update(buf.subarray(0, n - TAG)), decipher.final());
      index += 1;
    }
    if (index === 0) throw new Error('sealed file cut short');
    return Buffer.concat(parts);
  } finally {
    fs.closeSync(fd);
  }
}
