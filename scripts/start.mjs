// `npm start`: builds, stages the app with its SQLite addon rebuilt for Electron (scripts/stage-app.mjs: a copy, the
// working node_modules stay Node's), and opens it in Electron. Where the Electron binary or its headers cannot be
// downloaded (an offline machine), it says so plainly and starts the browser mode instead of failing obscurely.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { stageApp } from './stage-app.mjs';

const require = createRequire(import.meta.url);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
const log = (m) => process.stdout.write(`${m}\n`);

if (run('npm', ['run', 'build']).status !== 0) process.exit(1);

let electronPath = null;
try {
  electronPath = require('electron');
} catch (err) {
  electronPath = null;
  process.stderr.write(`\n${String(err?.message ?? err).split('\n')[0]}\n`);
}

// The first start rebuilds the addon (about a minute); later starts reuse it while Electron and the addon are the same.
const staged = typeof electronPath === 'string' ? await stageApp({ log }) : null;

if (typeof electronPath === 'string' && staged && staged.result !== 'skipped') {
  const child = spawn(electronPath, [staged.stageDir], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    '\nElectron の実行ファイルまたはヘッダーを用意できませんでした（オフラインの可能性があります）。ブラウザーモードで起動します。\n' +
      'The Electron binary or its headers are not available (no internet?). Starting the browser mode instead:\n' +
      '  npm run serve -- --port 5780 --data .data/app\n\n',
  );
  if (process.env.TOMONI_NO_FALLBACK === '1') process.exit(1);
  const child = spawn('npx', ['tsx', 'src-main/serve/cli.ts', '--port', '5780', '--data', '.data/app'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
