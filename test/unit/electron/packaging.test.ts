// The package electron-builder makes (`--dir`, against a stand-in Electron folder: no Electron zip can be had here):
// small, no source maps, every native module outside the asar, Electron fuses flipped in the binary, and the shared
// node_modules untouched (npmRebuild off). The stand-in binary carries Electron's fuse sentinel with Electron's
// default wire, so @electron/fuses flips it exactly as it would flip the real one (decision 0084).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asar from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const BUDGET_BYTES = 60 * 1024 * 1024;

function du(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((s, f) => s + du(path.join(p, f)), 0);
}

describe('packaging', () => {
  it('makes a small package with natives unpacked and fuses set', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-pack-'));
    const dist = path.join(work, 'electron-dist');
    fs.mkdirSync(path.join(dist, 'resources'), { recursive: true });
    const wire = Buffer.from('10110001'); // Electron's defaults: RunAsNode on, NODE_OPTIONS on, inspect on, integrity off …
    fs.writeFileSync(path.join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), wire]), { mode: 0o755 });
    fs.writeFileSync(path.join(dist, 'version'), '45.4.1');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: root, stdio: 'pipe' });
    const out = path.join(work, 'release');
    execFileSync(
      'npx',
      ['electron-builder', '--dir', '--linux', `-c.electronDist=${dist}`, '-c.npmRebuild=false', '-c.nodeGypRebuild=false', '-c.electronVersion=45.4.1', `-c.directories.output=${out}`],
      { cwd: root, stdio: 'pipe' },
    );
    const resources = path.join(out, 'linux-unpacked/resources');
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
    return getCurrentFuseWire(path.join(out, 'linux-unpacked/tomoni')).then((fuses) => {
      // '0' = 48 (off), '1' = 49 (on): RunAsNode, cookie encryption, NODE_OPTIONS, inspect, asar integrity, only-asar.
      expect([fuses[0], fuses[2], fuses[3], fuses[4], fuses[5]]).toEqual([48, 48, 48, 49, 49]);
      // The shared node_modules still serve Node: nothing rebuilt better-sqlite3 for another ABI.
      execFileSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:'); require('better-sqlite3-multiple-ciphers')(':memory:')"], { cwd: root });
    });
  }, 600_000);
});
