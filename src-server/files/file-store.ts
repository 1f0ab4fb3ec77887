// HQ's copy of source files, by operator and SHA-256 (decision 0120). A file grows in `<sha>.part` one whole chunk at
// a time (appended, then fsync'd, so what HQ reports as received is on disk); when it reaches the size its row
// names it is hashed and renamed into place, or thrown away if the bytes are not the ones the name promises.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileStatus } from '../../src-shared/files/protocol';

export type AppendResult = FileStatus & { mismatch?: boolean };

export class HqFileStore {
  /** One write at a time per file: two devices (or a retried request) uploading the same file take turns. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {}

  /** The finished file, or null. `sha256` is checked hex by the route, so it can name no other path. */
  pathOf(operatorId: string, sha256: string): string {
    return path.join(this.root, safe(operatorId), sha256.slice(0, 2), sha256);
  }

  private partOf(operatorId: string, sha256: string): string {
    return `${this.pathOf(operatorId, sha256)}.part`;
  }

  async status(operatorId: string, sha256: string, bytes: number): Promise<FileStatus> {
    if (await sizeOf(this.pathOf(operatorId, sha256)) !== null) return { received: bytes, bytes, complete: true };
    return { received: (await sizeOf(this.partOf(operatorId, sha256))) ?? 0, bytes, complete: false };
  }

  /**
   * Appends `data`, which starts at `offset` of the file, to what HQ holds. Bytes HQ already has are skipped (a
   * retried chunk); a chunk that starts past HQ's end changes nothing (the answer says where to go on from).
   */
  append(operatorId: string, sha256: string, bytes: number, offset: number, data: Buffer): Promise<AppendResult> {
    const key = `${operatorId}/${sha256}`;
    const run = (this.locks.get(key) ?? Promise.resolve()).then(() => this.appendNow(operatorId, sha256, bytes, offset, data));
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return run;
  }

  private async appendNow(operatorId: string, sha256: string, bytes: number, offset: number, data: Buffer): Promise<AppendResult> {
    const now = await this.status(operatorId, sha256, bytes);
    if (now.complete || offset > now.received || offset + data.length <= now.received) return now;
    const tail = data.subarray(now.received - offset, Math.max(now.received - offset, Math.min(data.length, bytes - offset)));
    const part = this.partOf(operatorId, sha256);
    await fs.promises.mkdir(path.dirname(part), { recursive: true });
    const fd = await fs.promises.open(part, 'a');
    try {
      await fd.write(tail);
      await fd.sync();
    } finally {
      await fd.close();
    }
    const received = now.received + tail.length;
    if (received < bytes) return { received, bytes, complete: false };
    if ((await hashOf(part)) !== sha256) {
      // Not the file its name promises (a damaged copy on the sending PC): nothing is kept, the device is told.
      await fs.promises.rm(part, { force: true });
      return { received: 0, bytes, complete: false, mismatch: true };
    }
    await fs.promises.rename(part, this.pathOf(operatorId, sha256));
    return { received: bytes, bytes, complete: true };
  }
}

function safe(segment: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(segment)) throw new Error('bad path segment');
  return segment;
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch {
    return null;
  }
}

async function hashOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
