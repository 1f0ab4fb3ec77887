// The update releases HQ serves (decision 0103): an admin publishes electron-builder's output once; the files are
// verified against latest.yml and kept on disk, and which release is current (and for what share of devices) lives
// in hq_settings, so switching releases is one statement and a device never sees a latest.yml whose file is missing.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { load } from 'js-yaml';
import { z } from 'zod';
import type { Queryable } from '../store/sql';

const RELEASE_KEY = 'update_release';
/** Installers of this many releases stay served (a device mid-download of the previous one can finish); blockmaps of
 * every release stay, because a differential download fetches the blockmap of the version the device runs. */
export const KEEP_RELEASES = 3;

/** A file name HQ serves: one path segment, no hidden files (nothing else under the folder is reachable). */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()+-]{0,199}$/;
/** The channel files electron-updater asks for: latest.yml (Windows), latest-linux.yml, latest-linux-arm64.yml … */
export const CHANNEL_NAME = /^latest(-[a-z0-9]+){0,2}\.yml$/;

const fileInfo = z.object({
  url: z.string().min(1),
  sha512: z.string().min(80),
  size: z.number().int().nonnegative(),
});
/** What electron-builder writes into latest.yml (the fields HQ checks; others are kept as written). */
export const updateInfo = z.looseObject({
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/),
  files: z.array(z.looseObject(fileInfo.shape)).min(1),
  path: z.string().optional(),
  sha512: z.string().optional(),
  releaseDate: z.string().optional(),
});
export type UpdateInfo = z.infer<typeof updateInfo>;

export interface StoredRelease {
  version: string;
  /** Channel file name → its update info as published (stagingPercentage is set per request from `percentage`). */
  channels: Record<string, UpdateInfo>;
  /** Every file of the release, blockmaps included. */
  files: string[];
  percentage: number;
  publishedAt: number;
  /** Earlier releases, newest first: which files each kept (for pruning). */
  history: { version: string; files: string[] }[];
}

export class PublishError extends Error {}

/** sha512 of a file, base64 as in latest.yml, read as a stream (installers run to hundreds of MB). */
export async function sha512Of(file: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest('base64');
}

export async function currentRelease(q: Queryable): Promise<StoredRelease | null> {
  const [row] = await q.all<{ value: string }>('SELECT value FROM hq_settings WHERE key = ?', [RELEASE_KEY]);
  return row ? (JSON.parse(row.value) as StoredRelease) : null;
}

async function saveRelease(q: Queryable, release: StoredRelease): Promise<void> {
  await q.run('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [RELEASE_KEY, JSON.stringify(release)]);
}

function checkPercentage(p: number): number {
  if (!Number.isInteger(p) || p < 0 || p > 100) throw new PublishError('The rollout percentage is a whole number from 0 to 100.');
  return p;
}

function readChannels(releaseDir: string): Record<string, UpdateInfo> {
  if (!fs.existsSync(releaseDir) || !fs.statSync(releaseDir).isDirectory()) throw new PublishError(`${releaseDir} is not a folder.`);
  const names = fs.readdirSync(releaseDir).filter((n) => CHANNEL_NAME.test(n));
  if (!names.length) throw new PublishError(`No latest.yml (or latest-linux.yml) in ${releaseDir}: give the folder electron-builder wrote (release/).`);
  const channels: Record<string, UpdateInfo> = {};
  for (const name of names) {
    let parsed: unknown;
    try {
      parsed = load(fs.readFileSync(path.join(releaseDir, name), 'utf8'));
    } catch (err) {
      throw new PublishError(`${name} is not valid YAML: ${(err as Error).message}`);
    }
    const info = updateInfo.safeParse(parsed);
    if (!info.success) throw new PublishError(`${name} is not an electron-builder update file: ${info.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    channels[name] = info.data;
  }
  const versions = new Set(Object.values(channels).map((c) => c.version));
  if (versions.size > 1) throw new PublishError(`The channel files name different versions (${[...versions].join(', ')}): publish one release at a time.`);
  return channels;
}

/** Copies without reading into memory, under a temporary name first, so a half-copied file is never served. */
async function storeFile(from: string, filesDir: string, name: string): Promise<void> {
  const temp = path.join(filesDir, `.incoming-${randomBytes(6).toString('hex')}`);
  await fs.promises.copyFile(from, temp);
  const fd = await fs.promises.open(temp, 'r');
  await fd.sync();
  await fd.close();
  await fs.promises.rename(temp, path.join(filesDir, name));
}

export interface PublishResult {
  version: string;
  percentage: number;
  files: { name: string; size: number }[];
  removed: string[];
}

/**
 * Verifies a release folder (every file latest.yml names exists with its sha512 and size), stores its files and
 * makes it the current release for `percentage` % of devices. Publishing the same version again with other bytes is
 * refused: devices may hold half of the first download.
 */
export async function publishRelease(q: Queryable, updatesDir: string, releaseDir: string, options: { percentage?: number; now: number }): Promise<PublishResult> {
  const percentage = checkPercentage(options.percentage ?? 100);
  const channels = readChannels(releaseDir);
  const version = Object.values(channels)[0].version;
  const filesDir = path.join(updatesDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const verified = new Map<string, { from: string; sha512: string; size: number }>();
  for (const [channel, info] of Object.entries(channels)) {
    const listed = [...info.files];
    if (info.path && info.sha512 && !listed.some((f) => f.url === info.path)) listed.push({ url: info.path, sha512: info.sha512, size: fs.existsSync(path.join(releaseDir, info.path)) ? fs.statSync(path.join(releaseDir, info.path)).size : -1 });
    for (const f of listed) {
      if (verified.has(f.url)) continue;
      if (!SAFE_NAME.test(f.url)) throw new PublishError(`${channel} names a file HQ cannot serve: ${JSON.stringify(f.url)} (one plain file name expected).`);
      const from = path.join(releaseDir, f.url);
      if (!fs.existsSync(from)) throw new PublishError(`${channel} names ${f.url}, which is not in ${releaseDir}.`);
      const size = fs.statSync(from).size;
      if (size !== f.size) throw new PublishError(`${f.url} is ${size} bytes; ${channel} says ${f.size}.`);
      const sha512 = await sha512Of(from);
      if (sha512 !== f.sha512) throw new PublishError(`${f.url} does not match the sha512 in ${channel}: the file was changed or the wrong folder was given.`);
      verified.set(f.url, { from, sha512, size });
      // electron-builder writes the blockmap beside the installer; without it devices download the whole file.
      const blockmap = `${f.url}.blockmap`;
      if (fs.existsSync(path.join(releaseDir, blockmap)) && SAFE_NAME.test(blockmap)) {
        const from2 = path.join(releaseDir, blockmap);
        verified.set(blockmap, { from: from2, sha512: await sha512Of(from2), size: fs.statSync(from2).size });
      }
    }
  }
  // All checks before any write: a refused release leaves HQ exactly as it was.
  for (const [name, f] of verified) {
    const stored = path.join(filesDir, name);
    if (fs.existsSync(stored) && (fs.statSync(stored).size !== f.size || (await sha512Of(stored)) !== f.sha512)) {
      throw new PublishError(`${name} was already published with other content. Give the new build a new version number.`);
    }
  }
  for (const [name, f] of verified) if (!fs.existsSync(path.join(filesDir, name))) await storeFile(f.from, filesDir, name);

  const previous = await currentRelease(q);
  const history = previous ? [{ version: previous.version, files: previous.files }, ...previous.history.filter((h) => h.version !== version)] : [];
  const files = [...verified.keys()];
  const release: StoredRelease = { version, channels, files, percentage, publishedAt: options.now, history: history.filter((h) => h.version !== version) };
  const removed = pruneOld(filesDir, release);
  release.history = release.history.slice(0, KEEP_RELEASES - 1).concat(release.history.slice(KEEP_RELEASES - 1).map((h) => ({ version: h.version, files: h.files.filter((f) => f.endsWith('.blockmap')) })));
  await saveRelease(q, release);
  return { version, percentage, files: [...verified].map(([name, f]) => ({ name, size: f.size })), removed };
}

/** Installers of releases older than the last KEEP_RELEASES are deleted; every blockmap stays. */
function pruneOld(filesDir: string, release: StoredRelease): string[] {
  const keep = new Set([...release.files, ...release.history.slice(0, KEEP_RELEASES - 1).flatMap((h) => h.files)]);
  const removed: string[] = [];
  for (const h of release.history.slice(KEEP_RELEASES - 1)) {
    for (const name of h.files) {
      if (keep.has(name) || name.endsWith('.blockmap')) continue;
      const file = path.join(filesDir, name);
      if (fs.existsSync(file)) {
        fs.rmSync(file);
        removed.push(name);
      }
    }
  }
  return removed;
}

/** Widens, narrows or stops the rollout of the current release. */
export async function setRollout(q: Queryable, percentage: number): Promise<StoredRelease> {
  checkPercentage(percentage);
  const release = await currentRelease(q);
  if (!release) throw new PublishError('No release is published yet: publish one first (--publish-release DIR).');
  release.percentage = percentage;
  await saveRelease(q, release);
  return release;
}
