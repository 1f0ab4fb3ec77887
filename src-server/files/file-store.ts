// HQ's copy of source files, by operator and SHA-256 (decision 0120). A file grows in `<sha>.part` one whole chunk at
// a time (appended, then fsync'd, so what HQ reports as received is on disk); when it reaches the size its row
// names it is hashed and renamed into place, or thrown away if the bytes are not the ones the name promises.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileStatus } from '../../src-shared/files/protocol';
import { SyncError } from '../sync/errors';

export type AppendResult = FileStatus & { mismatch?: boolean };

/** Bytes of unfinished files one operator may hold at HQ: a file is checked only when whole, so this bounds junk. */
export const MAX_PARTIAL_BYTES_PER_OPERATOR = 4 * 1024 * 1024 * 1024;
/** An unfinished file nobody added to for this long is thrown away (its device starts it again if it still can). */
export const STALE_PART_MS = 7 * 24 * 60 * 60 * 1000;

export class HqFileStore {
  /** One write at a time per file: two devices (or a retried request) uploading the same file take turns. */
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Per operator: the unfinished files and the sizes they will reach, and when the disk was last walked for them. */
  private readonly partials = new Map<string, { walkedAt: number; sizes: Map<string, number> }>();

  constructor(
    readonly root: string,
    private readonly limits = { partialBytes: MAX_PARTIAL_BYTES_PER_OPERATOR, staleMs: STALE_PART_MS, rewalkMs: 60 * 60 * 1000 },
  ) {}

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

  /**
   * Bytes the operator's unfinished files are to reach (their full sizes: a started file grows to it). Read from disk
   * once per operator and then kept up to date here; the disk is walked again (dropping parts untouched for `staleMs`)
   * at most once an hour, never once per file — a demo operator starts thousands of small files in a row.
   */
  private async partialBytes(operatorId: string): Promise<number> {
    const known = this.partials.get(operatorId);
    if (known && Date.now() - known.walkedAt < this.limits.rewalkMs) return sum(known.sizes);
    const sizes = new Map<string, number>();
    const dir = path.join(this.root, safe(operatorId));
    const now = Date.now();
    for (const sub of await fs.promises.readdir(dir).catch(() => [] as string[])) {
      for (const name of await fs.promises.readdir(path.join(dir, sub)).catch(() => [] as string[])) {
        if (!name.endsWith('.part')) continue;
        const file = path.join(dir, sub, name);
        const stat = await fs.promises.stat(file).catch(() => null);
        if (!stat) continue;
        const sha = name.slice(0, 64);
        if (now - stat.mtimeMs > this.limits.staleMs) await fs.promises.rm(file, { force: true });
        else sizes.set(sha, known?.sizes.get(sha) ?? stat.size);
      }
    }
    this.partials.set(operatorId, { walkedAt: now, sizes });
    return sum(sizes);
  }

  private track(operatorId: string, sha256: string, bytes: number | null): void {
    const sizes = this.partials.get(operatorId)?.sizes;
    if (!sizes) return;
    if (bytes === null) sizes.delete(sha256);
    else sizes.set(sha256, bytes);
  }

  private async appendNow(operatorId: string, sha256: string, bytes: number, offset: number, data: Buffer): Promise<AppendResult> {
    const now = await this.status(operatorId, sha256, bytes);
    if (now.complete || offset > now.received || offset + data.length <= now.received) return now;
    const tail = data.subarray(now.received - offset, Math.max(now.received - offset, Math.min(data.length, bytes - offset)));
    const part = this.partOf(operatorId, sha256);
    // A new file: old unfinished ones go first, and the operator's unfinished bytes stay under the limit.
    if (now.received === 0 && (await this.partialBytes(operatorId)) + bytes > this.limits.partialBytes) throw new SyncError('too_large', 413);
    await fs.promises.mkdir(path.dirname(part), { recursive: true });
    const fd = await fs.promises.open(part, 'a');
    try {
      await fd.write(tail);
      await fd.sync();
    } finally {
      await fd.close();
    }
    this.track(operatorId, sha256, bytes);
    const received = now.received + tail.length;
    if (received < bytes) return { received, bytes, complete: false };
    if ((await hashOf(part)) !== sha256) {
      // Not the file its name promises (a damaged copy on the sending PC): nothing is kept, the device is told.
      await fs.promises.rm(part, { force: true });
      this.track(operatorId, sha256, null);
      return { received: 0, bytes, complete: false, mismatch: true };
    }
    await fs.promises.rename(part, this.pathOf(operatorId, sha256));
    this.track(operatorId, sha256, null);
    return { received: bytes, bytes, complete: true };
  }
}

function safe(segment: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(segment)) throw new Error('bad path segment');
  return segment;
}

function sum(sizes: Map<string, number>): number {
  let total = 0;
  for (const n of sizes.values()) total += n;
  return total;
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
