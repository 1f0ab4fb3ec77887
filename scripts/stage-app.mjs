// The desktop app as Electron runs it, in its own folder (.stage/app): the bundles, the renderer, the font, the
// migrations, and a *copy* of the packages main loads at run time (build-main.mjs `runtimeExternals`) with their
// dependencies. The SQLite addon in the copy is rebuilt for Electron's ABI; the working node_modules stay Node's, so
// `npm test` keeps working after `npm run dist` or `npm start` (decision 0104).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { runtimeExternals } from './build-main.mjs';

/** Addons compiled against Node's C++ API: they must be rebuilt per ABI. sharp is Node-API (one binary for both). */
export const abiBoundAddons = ['better-sqlite3-multiple-ciphers'];
export const HEADERS_URL = 'https://electronjs.org/headers';

const root = path.resolve(import.meta.dirname, '..');

export function electronVersion(projectRoot = root) {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules/electron/package.json'), 'utf8')).version;
}

export function sha256File(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Where a package a parent depends on lives: nested under the parent first, then hoisted. */
function resolvePackage(name, fromDir, nodeModules) {
  for (let dir = fromDir; dir.startsWith(nodeModules); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === nodeModules) break;
  }
  const hoisted = path.join(nodeModules, name);
  return fs.existsSync(path.join(hoisted, 'package.json')) ? hoisted : null;
}

/** The packages `names` need at run time (dependencies and the optional ones installed here), as folders. */
export function dependencyClosure(names, nodeModules) {
  const found = new Map();
  const visit = (name, fromDir, optional) => {
    const dir = resolvePackage(name, fromDir, nodeModules);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} is not installed (needed by ${path.relative(nodeModules, fromDir) || 'the app'})`);
    }
    const real = fs.realpathSync(dir);
    if (found.has(real)) return;
    found.set(real, path.relative(nodeModules, dir));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, nodeModules, false);
  // A nested package is copied with its parent: keep only the outermost folders.
  const rel = [...found.values()].sort();
  return rel.filter((r) => !rel.some((o) => o !== r && r.startsWith(`${o}/node_modules/`)));
}

function copy(from, to) {
  fs.cpSync(from, to, { recursive: true, dereference: true, filter: (src) => !src.endsWith('.map') });
}

/** Electron's headers are in node-gyp's cache for this version, or can be fetched (a short probe; offline says no). */
export async function electronHeadersAvailable(version, { headersUrl = HEADERS_URL, timeoutMs = 5000 } = {}) {
  const cached = path.join(os.homedir(), '.electron-gyp', version, 'include', 'node', 'node.h');
  if (fs.existsSync(cached)) return { ok: true, why: `cached in ${path.dirname(cached)}` };
  const url = `${headersUrl}/v${version}/node-v${version}-headers.tar.gz`;
  return new Promise((resolve) => {
    const req = https.request(url, { method: 'HEAD', timeout: timeoutMs }, (res) => {
      res.resume();
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400;
      resolve({ ok, why: `${url} answered ${res.statusCode}` });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => resolve({ ok: false, why: `${url}: ${err.code ?? err.message}` }));
    req.end();
  });
}

/**
 * Rebuilds the ABI-bound addons inside the staging folder with @electron/rebuild, against Electron's headers.
 * `npm_config_nodedir` is removed first: with it node-gyp compiles against Node's headers and labels the result as
 * Electron's (ENVIRONMENT.md pitfall 2).
 */
export async function electronRebuild(stageDir, { version, arch = process.arch, log }) {
  const { rebuild } = await import('@electron/rebuild');
  const saved = { nodedir: process.env.npm_config_nodedir, NODEDIR: process.env.npm_config_nodeDir };
  delete process.env.npm_config_nodedir;
  delete process.env.npm_config_nodeDir;
  try {
    log(`Rebuilding ${abiBoundAddons.join(', ')} for Electron ${version} (${arch}) in ${stageDir}`);
    await rebuild({ buildPath: stageDir, electronVersion: version, arch, onlyModules: abiBoundAddons, force: true, headerURL: HEADERS_URL, mode: 'sequential' });
  } finally {
    if (saved.nodedir !== undefined) process.env.npm_config_nodedir = saved.nodedir;
    if (saved.NODEDIR !== undefined) process.env.npm_config_nodeDir = saved.NODEDIR;
  }
}

/** The addon file of an ABI-bound package, in a node_modules folder. */
export const addonFile = (nodeModules, name = abiBoundAddons[0]) => path.join(nodeModules, name, 'build', 'Release', 'better_sqlite3.node');

/**
 * Makes (or refreshes) the staging folder. Returns what it did with the native addons:
 * `rebuilt` (Electron's ABI), `reused` (an earlier rebuild for the same Electron and the same sources), or `skipped`
 * (no Electron headers here: the staged addon is still Node's and the app would not load in Electron).
 * `rebuild` replaces the real rebuild (tests; there is no Electron here).
 */
export async function stageApp({ projectRoot = root, stageDir = path.join(projectRoot, '.stage', 'app'), log = (m) => process.stdout.write(`${m}\n`), rebuild = electronRebuild, arch = process.arch } = {}) {
  const nodeModules = fs.realpathSync(path.join(projectRoot, 'node_modules'));
  const version = electronVersion(projectRoot);
  const stampFile = path.join(stageDir, '.native-stamp.json');
  const sourceAddon = addonFile(nodeModules);
  const wanted = { electron: version, arch, source: sha256File(sourceAddon) };
  const previous = fs.existsSync(stampFile) ? JSON.parse(fs.readFileSync(stampFile, 'utf8')) : null;
  const reuse = previous?.result === 'rebuilt' && previous.electron === wanted.electron && previous.arch === wanted.arch && previous.source === wanted.source && fs.existsSync(addonFile(path.join(stageDir, 'node_modules')));
  const keptAddons = reuse ? fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-addons-')) : null;
  if (keptAddons) for (const name of abiBoundAddons) copy(path.join(stageDir, 'node_modules', name), path.join(keptAddons, name));

  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  const installed = (name) => JSON.parse(fs.readFileSync(path.join(nodeModules, name, 'package.json'), 'utf8')).version;
  const staged = {
    name: pkg.name,
    productName: pkg.productName,
    version: pkg.version,
    description: pkg.description,
    author: pkg.author ?? 'Tomoni',
    private: true,
    main: pkg.main,
    dependencies: Object.fromEntries(runtimeExternals.map((n) => [n, installed(n)])),
    devDependencies: { electron: version },
  };
  fs.writeFileSync(path.join(stageDir, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
  for (const part of ['dist-main', 'dist-renderer', 'assets/fonts', 'migrations']) {
    if (!fs.existsSync(path.join(projectRoot, part))) throw new Error(`${part} is missing: run npm run build first`);
    copy(path.join(projectRoot, part), path.join(stageDir, part));
  }
  for (const rel of dependencyClosure(runtimeExternals, nodeModules)) copy(path.join(nodeModules, rel), path.join(stageDir, 'node_modules', rel));

  let result;
  if (keptAddons) {
    for (const name of abiBoundAddons) {
      fs.rmSync(path.join(stageDir, 'node_modules', name), { recursive: true, force: true });
      copy(path.join(keptAddons, name), path.join(stageDir, 'node_modules', name));
    }
    fs.rmSync(keptAddons, { recursive: true, force: true });
    log(`Native addons: reusing the Electron ${version} build in ${stageDir}`);
    result = 'reused';
  } else {
    const real = rebuild === electronRebuild;
    const headers = !real ? { ok: true } : process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? { ok: false, why: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' } : await electronHeadersAvailable(version);
    if (!headers.ok) {
      log(
        `SKIPPED the native rebuild for Electron ${version}: no Electron headers (${headers.why}). ` +
          `The staged ${abiBoundAddons.join(', ')} is still built for Node ${process.versions.node} (ABI ${process.versions.modules}) ` +
          'and will not load in Electron. Rebuild on a machine with internet (README "Building installers").',
      );
      result = 'skipped';
    } else {
      await rebuild(stageDir, { version, arch, log });
      result = 'rebuilt';
    }
  }
  const stamp = { ...wanted, result, staged: sha256File(addonFile(path.join(stageDir, 'node_modules'))) };
  fs.writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  if (result === 'rebuilt' && stamp.staged === stamp.source) throw new Error('The Electron rebuild left the Node addon unchanged: refusing to package it as Electron\'s.');
  return { stageDir, electronVersion: version, ...stamp };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const done = await stageApp();
  process.stdout.write(`Staged ${done.stageDir} (native addons: ${done.result})\n`);
}
