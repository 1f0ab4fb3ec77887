// `npm start`: builds and opens the desktop app. Where the Electron binary cannot be downloaded (an offline
// machine), it says so plainly and starts the browser mode instead of failing obscurely.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });

if (run('npm', ['run', 'build']).status !== 0) process.exit(1);

let electronPath = null;
try {
  electronPath = require('electron');
} catch (err) {
  electronPath = null;
  process.stderr.write(`\n${String(err?.message ?? err).split('\n')[0]}\n`);
}

if (typeof electronPath === 'string') {
  const child = spawn(electronPath, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    '\nElectron の実行ファイルを用意できませんでした（オフラインの可能性があります）。ブラウザーモードで起動します。\n' +
      'The Electron binary is not available (no internet?). Starting the browser mode instead:\n' +
      '  npm run serve -- --port 5780 --data .data/app\n\n',
  );
  if (process.env.TOMONI_NO_FALLBACK === '1') process.exit(1);
  const child = spawn('npx', ['tsx', 'src-main/serve/cli.ts', '--port', '5780', '--data', '.data/app'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
