// Moves source files between this device and HQ after each sync (decision 0120): uploads the files its rows name that
// HQ does not hold whole yet, downloads those its rows name that are missing here. Both resume where they stopped
// (HQ's confirmed length for uploads, whole sealed pieces for downloads), in chunks sized to the link.
import fs from 'node:fs';
import path from 'node:path';
import { isNotNull, isNull, or } from 'drizzle-orm';
import { FILE_PIECE, MAX_FILE_CHUNK, MAX_STATUS_PAGE, filePath, fileStatus, filesStatusPath, filesStatusResponse, type FileStatus } from '../../src-shared/files/protocol';
import { filesBeingStored, readHead, sha256Of, sourcePath, sourcesDir } from '../entry/files';
import { entrySources } from '../entry/schema';
import { createLogger } from '../logging/logger';
import type { Store } from '../store/open';
import { appendSealedPieces, isSealed, readSealedRange, sealedPartLength, sealedSha256 } from '../store/file-crypto';
import { SyncHttpError, type HqClient } from '../sync/hq-client';
import { sourceUploads } from './schema';

const log = createLogger('sync.files');

export interface FileProgress {
  direction: 'up' | 'down';
  /** Files still to move in this direction, the current one included. */
  files: number;
  /** Bytes of the current file moved so far, and its size. */
  bytesDone: number;
  bytesTotal: number;
}

export interface FileRunResult {
  uploaded: number;
  downloaded: number;
  /** Files this device needs that HQ does not hold whole yet (the PC that has them has not sent them). */
  waiting: number;
}

/** Chunk size fitted to the link: doubles while a chunk takes under 2 s, halves above 10 s (64 KiB to 4 MiB). */
export class ChunkSize {
  bytes = 4 * FILE_PIECE;
  fit(seconds: number): void {
    if (seconds < 2) this.bytes = Math.min(MAX_FILE_CHUNK, this.bytes * 2);
    else if (seconds > 10) this.bytes = Math.max(FILE_PIECE, this.bytes / 2);
  }
}

interface Named {
  sha256: string;
  bytes: number;
}

export class FileTransfers {
  constructor(
    private readonly store: Store,
    private readonly client: HqClient,
    private readonly chunk: ChunkSize,
    private readonly onProgress: (p: FileProgress | null) => void = () => {},
    /** Asked between chunks: true when commands wait to be sent (a punch never waits behind a 50 MB file). */
    private readonly shouldYield: () => boolean = () => false,
  ) {}

  async run(): Promise<FileRunResult> {
    const result: FileRunResult = { uploaded: 0, downloaded: 0, waiting: 0 };
    try {
      const ups = pendingUploads(this.store);
      for (let i = 0; i < ups.length; i += MAX_STATUS_PAGE) {
        if (this.shouldYield()) return result;
        const page = ups.slice(i, i + MAX_STATUS_PAGE);
        const held = await this.statuses(page);
        if (!held) break;
        for (const [k, f] of page.entries()) {
          const status = held[f.sha256];
          // Absent: HQ has no row naming it in this PC's scope (yet); asked again next time.
          if (!status) continue;
          if (status.complete) {
            this.confirmed(f.sha256);
            continue;
          }
          if (this.shouldYield()) return result;
          if (await this.oneFile(f, () => this.upload(f, ups.length - i - k, status))) result.uploaded += 1;
        }
      }
      const downs = pendingDownloads(this.store);
      for (const [i, f] of downs.entries()) {
        if (this.shouldYield()) return result;
        if (await this.oneFile(f, () => this.download(f, downs.length - i))) result.downloaded += 1;
        else if (!this.shouldYield()) result.waiting += 1;
      }
    } finally {
      this.flushConfirmed();
      this.onProgress(null);
    }
    return result;
  }

  /** HQ's holdings for a page of files; null when this HQ keeps no files at all. */
  private async statuses(page: Named[]): Promise<Record<string, FileStatus> | null> {
    try {
      return (await this.client.post(filesStatusPath, { sha256s: page.map((f) => f.sha256) }, filesStatusResponse)).value.files;
    } catch (err) {
      if (err instanceof SyncHttpError && err.code === 'not_found') return null;
      throw err;
    }
  }

  /** Files HQ holds whole, written down together (one transaction per hundred, not one per file). */
  private readonly pendingConfirmations: string[] = [];

  private confirmed(sha256: string): void {
    this.pendingConfirmations.push(sha256);
    if (this.pendingConfirmations.length >= 100) this.flushConfirmed();
  }

  private flushConfirmed(): void {
    const list = this.pendingConfirmations.splice(0);
    if (!list.length) return;
    const now = Date.now();
    this.store.sqlite.transaction(() => {
      for (const sha256 of list) {
        this.store.db.insert(sourceUploads).values({ sha256, doneAt: now, failedCode: null }).onConflictDoUpdate({ target: sourceUploads.sha256, set: { doneAt: now, failedCode: null } }).run();
      }
    })();
  }

  /**
   * One file's transfer. Trouble with the link or with HQ as a whole ends the run (the next cycle goes on); trouble
   * with this one file (a damaged copy here, an answer that makes no sense) is logged and the next file goes ahead,
   * so one bad file never holds back the others.
   */
  private async oneFile(f: Named, move: () => Promise<boolean>): Promise<boolean> {
    try {
      return await move();
    } catch (err) {
      if (err instanceof SyncHttpError && stopsTheRun.has(err.code)) throw err;
      log.error('a source file could not be moved; going on with the others', { sha256: f.sha256, error: err instanceof Error ? err.message : String(err) });
      if (!(err instanceof SyncHttpError) && !this.intactHere(f)) this.refuse(f, 'damaged');
      return false;
    }
  }

  /** Whether the copy here still is the file its name promises (false also when it cannot be read). */
  private intactHere(f: Named): boolean {
    const file = sourcePath(this.store, f.sha256);
    try {
      if (!fs.existsSync(file)) return true;
      return (isSealed(readHead(file)) ? sealedSha256(this.store.fileKey!, file) : sha256Of(fs.readFileSync(file))) === f.sha256;
    } catch {
      return false;
    }
  }

  /** A file this PC cannot send (its copy is damaged): shown on the sync screen, not tried again. */
  private refuse(f: Named, code: string): void {
    this.store.db.insert(sourceUploads).values({ sha256: f.sha256, doneAt: null, failedCode: code }).onConflictDoUpdate({ target: sourceUploads.sha256, set: { failedCode: code } }).run();
  }

  /** Sends the part of the file HQ lacks; true once HQ holds it whole. */
  private async upload(f: Named, files: number, from: FileStatus): Promise<boolean> {
    let status = from;
    const local = sourcePath(this.store, f.sha256);
    while (!status.complete) {
      if (this.shouldYield()) return false;
      this.onProgress({ direction: 'up', files, bytesDone: status.received, bytesTotal: f.bytes });
      const length = Math.min(this.chunk.bytes, f.bytes - status.received);
      const data = this.readPlain(local, status.received, length);
      const started = performance.now();
      try {
        const res = await this.client.send('PUT', `${filePath(f.sha256)}?offset=${status.received}`, data, { 'content-type': 'application/octet-stream' });
        const next = fileStatus.parse(JSON.parse(Buffer.from(res.body).toString('utf8')));
        if (!next.complete && next.received <= status.received) throw new SyncHttpError('malformed_response', res.status);
        status = next;
      } catch (err) {
        if (err instanceof SyncHttpError && err.code === 'file_mismatch') {
          // HQ threw its copy away. Ours may be fine (another PC's bytes spoiled HQ's): then it is sent again.
          if (this.intactHere(f)) {
            log.warn('HQ refused a source file whose copy here is intact; sending it again', { sha256: f.sha256 });
            return false;
          }
          log.error('HQ refused a source file: the copy here does not match its hash', { sha256: f.sha256 });
          this.refuse(f, 'damaged');
          return false;
        }
        if (err instanceof SyncHttpError && err.code === 'forbidden') {
          // Not this PC's to send (a loaned PC never adds bytes at HQ): settled here, as if HQ had confirmed it.
          this.confirmed(f.sha256);
          return false;
        }
        if (err instanceof SyncHttpError && err.code === 'network') this.chunk.fit(Infinity);
        throw err;
      }
      this.chunk.fit((performance.now() - started) / 1000);
    }
    this.confirmed(f.sha256);
    return true;
  }

  private readPlain(file: string, start: number, length: number): Buffer {
    const fd = fs.openSync(file, 'r');
    let head: Buffer;
    try {
      head = Buffer.alloc(8);
      fs.readSync(fd, head, 0, 8, 0);
      if (!isSealed(head)) {
        const out = Buffer.alloc(length);
        return out.subarray(0, fs.readSync(fd, out, 0, length, start));
      }
    } finally {
      fs.closeSync(fd);
    }
    if (!this.store.fileKey) throw new SyncHttpError('secret_unreadable', 0);
    return readSealedRange(this.store.fileKey, file, start, length);
  }

  /** Fetches what is missing of the file; true once it is here whole and checked, false while HQ lacks it. */
  private async download(f: Named, files: number): Promise<boolean> {
    const target = sourcePath(this.store, f.sha256);
    const part = `${target}.part`;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const key = this.store.fileKey;
    let have = key ? sealedPartLength(part) : plainPartLength(part);
    while (have < f.bytes) {
      if (this.shouldYield()) return false;
      this.onProgress({ direction: 'down', files, bytesDone: have, bytesTotal: f.bytes });
      const end = Math.min(f.bytes, have + this.chunk.bytes) - 1;
      const started = performance.now();
      let body: Buffer;
      try {
        const res = await this.client.send('GET', filePath(f.sha256), null, { range: `bytes=${have}-${end}` });
        body = Buffer.from(res.body);
        if (res.status === 200) {
          // Something on the way ignored the range and sent the whole file: take it whole instead of asking again.
          if (body.length !== f.bytes) throw new SyncHttpError('malformed_response', 200);
          fs.rmSync(part, { force: true });
          if (key) appendSealedPieces(key, part, body, 0, f.bytes);
          else fs.writeFileSync(part, body);
          have = f.bytes;
          break;
        }
      } catch (err) {
        if (err instanceof SyncHttpError && (err.code === 'not_found' || err.code === 'forbidden')) return false;
        if (err instanceof SyncHttpError && err.code === 'network') this.chunk.fit(Infinity);
        throw err;
      }
      if (body.length !== end - have + 1) throw new SyncHttpError('malformed_response', 0);
      if (key) appendSealedPieces(key, part, body, have, f.bytes);
      else fs.appendFileSync(part, body);
      have += body.length;
      this.chunk.fit((performance.now() - started) / 1000);
    }
    const hash = key ? sealedSha256(key, part) : sha256Of(fs.readFileSync(part));
    if (hash !== f.sha256) {
      // HQ checked the file when it arrived; a mismatch here is a damaged download: fetch it again from nothing.
      fs.rmSync(part, { force: true });
      log.error('downloaded source file does not match its hash; fetching it again', { sha256: f.sha256 });
      return false;
    }
    fs.renameSync(part, target);
    // Received, so this device need not send it: HQ already holds it.
    this.confirmed(f.sha256);
    return true;
  }
}

/** Every file this device's rows name, once each. */
function named(store: Store): Named[] {
  const rows = store.db.selectDistinct({ sha256: entrySources.sha256, bytes: entrySources.bytes }).from(entrySources).all();
  const seen = new Map<string, Named>();
  for (const r of rows) if (/^[0-9a-f]{64}$/.test(r.sha256)) seen.set(r.sha256, r);
  return [...seen.values()];
}

/** Files held here whole that HQ has not confirmed (nor refused). */
export function pendingUploads(store: Store): Named[] {
  const settled = new Set(
    store.db.select({ sha256: sourceUploads.sha256 }).from(sourceUploads).where(or(isNotNull(sourceUploads.doneAt), isNotNull(sourceUploads.failedCode))).all().map((r) => r.sha256),
  );
  return named(store).filter((f) => !settled.has(f.sha256) && fs.existsSync(sourcePath(store, f.sha256)));
}

/** Files this device's rows name that are not here. */
export function pendingDownloads(store: Store): Named[] {
  return named(store).filter((f) => !fs.existsSync(sourcePath(store, f.sha256)));
}

/**
 * Removes source files no row here names any more (DESIGN.md rule 6): a job that stopped allowing home work takes its
 * files off the loaned PC with its rows; a batch HQ refused leaves none behind. A batch being made stores its files
 * one by one before its command names them: those are held (`filesBeingStored`) and stay.
 */
export function sweepUnnamedFiles(store: Store): number {
  const root = sourcesDir(store);
  if (!fs.existsSync(root)) return 0;
  const keep = new Set(named(store).map((f) => f.sha256));
  let removed = 0;
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(root, dir.name))) {
      const sha = name.slice(0, 64);
      if (keep.has(sha) || filesBeingStored.has(sha)) continue;
      fs.rmSync(path.join(root, dir.name, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}

function plainPartLength(part: string): number {
  try {
    const size = fs.statSync(part).size;
    // Whole pieces only, as the sealed store keeps them: a write cut by a kill is dropped.
    const whole = size - (size % FILE_PIECE);
    if (whole !== size) fs.truncateSync(part, whole);
    return whole;
  } catch {
    return 0;
  }
}

/**
 * HQ was restored from a backup (it lacked commands it had acknowledged): files it confirmed may be gone with the rest
 * of its recent state, so each one this PC holds is offered again — a status request each, a re-upload where needed.
 */
export function forgetConfirmedUploads(store: Store): void {
  store.db.delete(sourceUploads).where(isNull(sourceUploads.failedCode)).run();
}

/** Files this PC cannot send because its copy is damaged. */
export function uploadRefusals(store: Store): string[] {
  return store.db.select({ sha256: sourceUploads.sha256 }).from(sourceUploads).where(isNotNull(sourceUploads.failedCode)).all().map((r) => r.sha256);
}

/** Answers about the link or HQ as a whole: the run stops and the next cycle tries again. */
const stopsTheRun = new Set(['network', 'temporary', 'rate_limited', 'unauthenticated', 'revoked', 'tls_pin_mismatch', 'tls_pin_missing', 'too_large', 'secret_unreadable']);
