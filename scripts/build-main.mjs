// Bundles the Electron main process and preload with esbuild (no Electron binary needed to build).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // Native and Electron modules stay outside the bundle.
  external: ['electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'electron-updater'],
  logLevel: 'warning',
  // The store finds its migrations relative to its own file when none are passed in.
  define: { 'import.meta.dirname': '__dirname' },
};

await build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist-main/electron/main.cjs' });
await build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist-main/electron/preload.cjs' });
