// `npm run dist [-- --win | --linux | --dir …]`: builds the bundles, stages the app with its native addon rebuilt for
// Electron (scripts/stage-app.mjs), and runs electron-builder on the staging folder, never on the working
// node_modules (decision 0104). Extra arguments go to electron-builder.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { stageApp } from './stage-app.mjs';

const root = path.resolve(import.meta.dirname, '..');
const log = (m) => process.stdout.write(`${m}\n`);

/** electron-builder's arguments for packaging the staging folder (exported for the packaging test). */
export function builderArgs({ stageDir, electronVersion, output = path.join(root, 'release'), extra = [], env = process.env }) {
  const args = [
    '--projectDir', stageDir,
    '--config', path.join(root, 'electron-builder.yml'),
    `-c.directories.output=${output}`,
    `-c.electronVersion=${electronVersion}`,
    // Also in electron-builder.yml; repeated so no override can bring electron-builder's rebuild back.
    '-c.npmRebuild=false',
    '-c.nodeGypRebuild=false',
  ];
  // The publisher electron-updater requires of every Windows update (README "Signing"); without it electron-builder
  // takes the certificate's CN.
  if (env.TOMONI_PUBLISHER_NAME) args.push(`-c.win.signtoolOptions.publisherName=${env.TOMONI_PUBLISHER_NAME}`);
  // A release build that must be signed fails rather than ship an installer updates could not verify.
  if (env.TOMONI_REQUIRE_SIGNING === '1') args.push('-c.win.forceCodeSigning=true');
  return [...args, ...extra];
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const extra = process.argv.slice(2);
  const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  if (run('npm', ['run', 'build']).status !== 0) process.exit(1);
  const staged = await stageApp({ log });
  const inspectOnly = extra.includes('--dir') || extra.some((a) => a.startsWith('-c.electronDist='));
  if (staged.result === 'skipped' && !inspectOnly) {
    log('Not building an installer whose SQLite addon cannot load in Electron. `npm run dist -- --dir` still shows what the package holds.');
    process.exit(1);
  }
  if (extra.includes('--win') && !process.env.CSC_LINK && !process.env.WIN_CSC_LINK) {
    log('WARNING: no code-signing certificate (CSC_LINK): the installer is unsigned and its updates cannot be signature-checked.');
  }
  const built = run('npx', ['electron-builder', ...builderArgs({ stageDir: staged.stageDir, electronVersion: staged.electronVersion, extra })]);
  process.exit(built.status ?? 1);
}
