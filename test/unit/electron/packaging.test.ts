// The package `npm run dist` makes (`--dir`, against a stand-in Electron folder: no Electron zip can be had here):
// small, no source maps, every native module outside the asar, Electron fuses flipped in the binary. It is packaged
// from the staging copy (scripts/stage-app.mjs), whose SQLite addon is the one rebuilt for Electron, and the shared
// node_modules stay byte for byte Node's (decisions 0084, 0104). The stand-in binary carries Electron's fuse sentinel
// with Electron's default wire, so @electron/fuses flips it exactly as it would flip the real one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asar from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { builderArgs } from '../../../scripts/dist.mjs';
import { addonFile, sha256File, stageApp, type Rebuild } from '../../../scripts/stage-app.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const BUDGET_BYTES = 60 * 1024 * 1024;

function du(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((s, f) => s + du(path.join(p, f)), 0);
}

/** Every native binary in the shared node_modules that a rebuild could touch, with its checksum. */
function nativeChecksums(): Record<string, string> {
  const nm = fs.realpathSync(path.join(root, 'node_modules'));
  const files = [addonFile(nm, 'better-sqlite3'), addonFile(nm, 'better-sqlite3-multiple-ciphers')];
  for (const dir of fs.readdirSync(path.join(nm, '@img'))) {
    const lib = path.join(nm, '@img', dir, 'lib');
    if (fs.existsSync(lib)) for (const f of fs.readdirSync(lib)) if (f.endsWith('.node')) files.push(path.join(lib, f));
  }
  return Object.fromEntries(files.map((f) => [path.relative(nm, f), sha256File(f)]));
}

/**
 * Stands in for @electron/rebuild (Electron's headers cannot be had here): it changes the staged addon as a rebuild
 * would — in the staging folder only — so the test can tell which copy the package took.
 */
const standInRebuild: Rebuild = async (stageDir) => {
  const addon = addonFile(path.join(stageDir, 'node_modules'));
  fs.appendFileSync(addon, Buffer.from('\0stand-in for the Electron 45 (ABI 140) build\0'));
};

describe('packaging', () => {
  it('without Electron headers, stages a copy, says plainly that the rebuild was skipped, and leaves node_modules alone', async () => {
    const before = nativeChecksums();
    const stageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-stage-'));
    const lines: string[] = [];
    const saved = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
    try {
      fs.mkdirSync(path.join(root, 'dist-main'), { recursive: true });
      fs.mkdirSync(path.join(root, 'dist-renderer'), { recursive: true });
      const staged = await stageApp({ stageDir, log: (m) => lines.push(m) });
      expect(staged.result).toBe('skipped');
      expect(lines.join('\n')).toMatch(/SKIPPED the native rebuild for Electron 45\.4\.1: no Electron headers \(ELECTRON_SKIP_BINARY_DOWNLOAD is set\)/);
      // A real copy, not a link into the shared folder.
      const stagedAddon = addonFile(path.join(stageDir, 'node_modules'));
      expect(fs.lstatSync(path.join(stageDir, 'node_modules/better-sqlite3-multiple-ciphers')).isSymbolicLink()).toBe(false);
      expect(fs.realpathSync(stagedAddon).startsWith(fs.realpathSync(stageDir))).toBe(true);
      expect(staged.staged).toBe(staged.source);
      // Only the desktop's own runtime packages: HQ's SQLite addon and server packages are not staged.
      for (const gone of ['better-sqlite3', 'pg', 'hono', 'react']) expect(fs.existsSync(path.join(stageDir, 'node_modules', gone)), gone).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
      else process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = saved;
      fs.rmSync(stageDir, { recursive: true, force: true });
    }
    expect(nativeChecksums()).toEqual(before);
  });

  it('makes a small package from the staging copy, with natives unpacked and fuses set, node_modules untouched', async () => {
    const before = nativeChecksums();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-pack-'));
    const dist = path.join(work, 'electron-dist');
    fs.mkdirSync(path.join(dist, 'resources'), { recursive: true });
    const wire = Buffer.from('10110001'); // Electron's defaults: RunAsNode on, NODE_OPTIONS on, inspect on, integrity off …
    fs.writeFileSync(path.join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), wire]), { mode: 0o755 });
    fs.writeFileSync(path.join(dist, 'version'), '45.4.1');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: root, stdio: 'pipe' });
    const out = path.join(work, 'release');
    const staged = await stageApp({ stageDir: path.join(work, 'stage'), log: () => undefined, rebuild: standInRebuild });
    expect(staged.result).toBe('rebuilt');
    expect(staged.staged).not.toBe(staged.source);
    // What `npm run dist -- --dir --linux` runs; the publisher name proves electron-builder accepts the signing keys.
    const args = builderArgs({ stageDir: staged.stageDir, electronVersion: staged.electronVersion, output: out, extra: ['--dir', '--linux', `-c.electronDist=${dist}`], env: { TOMONI_PUBLISHER_NAME: 'Tomoni Test Publisher' } });
    expect(args).toContain('-c.win.signtoolOptions.publisherName=Tomoni Test Publisher');
    execFileSync('npx', ['electron-builder', ...args], { cwd: root, stdio: 'pipe' });
    const resources = path.join(out, 'linux-unpacked/resources');
    // The package took the staged (rebuilt) addon, not the working one.
    const packagedAddon = addonFile(path.join(resources, 'app.asar.unpacked/node_modules'));
    expect(sha256File(packagedAddon)).toBe(staged.staged);
    expect(nativeChecksums()).toEqual(before);
    const archive = path.join(resources, 'app.asar');
    const appBytes = du(archive) + du(path.join(resources, 'app.asar.unpacked'));
    expect(appBytes).toBeLessThan(BUDGET_BYTES);
    const entries = asar.listPackage(archive, { isPack: false });
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    const natives = entries.filter((e) => e.endsWith('.node'));
    expect(natives.length).toBeGreaterThanOrEqual(2);
    for (const n of natives) expect((asar.statFile(archive, n.slice(1), false) as { unpacked?: boolean }).unpacked, n).toBe(true);
    // HQ-only packages and bundled libraries do not ship again.
    for (const gone of ['/node_modules/pg', '/node_modules/hono', '/node_modules/pdfjs-dist', '/node_modules/better-sqlite3/', '/node_modules/react']) {
      expect(entries.some((e) => e.startsWith(gone)), gone).toBe(false);
    }
    const fuses = await getCurrentFuseWire(path.join(out, 'linux-unpacked/tomoni'));
    // '0' = 48 (off), '1' = 49 (on): RunAsNode, cookie encryption, NODE_OPTIONS, inspect, asar integrity, only-asar.
    expect([fuses[0], fuses[2], fuses[3], fuses[4], fuses[5]]).toEqual([48, 48, 48, 49, 49]);
    // The shared node_modules still serve Node: nothing rebuilt better-sqlite3 for another ABI.
    execFileSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:'); require('better-sqlite3-multiple-ciphers')(':memory:')"], { cwd: root });
    expect(nativeChecksums()).toEqual(before);
    fs.rmSync(work, { recursive: true, force: true });
  }, 600_000);
});
