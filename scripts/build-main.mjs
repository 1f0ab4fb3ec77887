// Bundles the Electron main process and preload with esbuild (no Electron binary needed to build).
// What cannot live inside a CJS bundle stays outside and ships in node_modules (docs/decisions/0084): native addons
// (the SQLite cipher build, sharp with its libvips) and subset-font, which reads its WebAssembly file by path.
// Everything else, electron-updater included, is in the bundle, so the package carries no second copy of it.
import { build } from 'esbuild';

/** Packages the bundle requires at run time; scripts/stage-app.mjs copies exactly these (and their dependencies). */
export const runtimeExternals = ['better-sqlite3-multiple-ciphers', 'sharp', 'subset-font'];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // No source maps in what ships: 2,000 map files once made a third of the package. TOMONI_SOURCEMAP=1 for debugging.
  sourcemap: process.env.TOMONI_SOURCEMAP === '1' ? 'inline' : false,
  minifySyntax: true,
  minifyWhitespace: true,
  keepNames: true,
  legalComments: 'none',
  external: ['electron', ...runtimeExternals],
  logLevel: 'warning',
  // The store finds its migrations relative to its own file when none are passed in.
  define: { 'import.meta.dirname': '__dirname', 'process.env.NODE_ENV': '"production"' },
};

export async function buildMain(outDir = 'dist-main') {
  await build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: `${outDir}/electron/main.cjs` });
  await build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: `${outDir}/electron/preload.cjs` });
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await buildMain();
