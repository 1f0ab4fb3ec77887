#!/usr/bin/env node
// `npm run soak` runs the sync fault simulation with 2,000 schedules; `npm run soak -- --long` with 10,000. Neither is
// in CI (200 schedules run there): these are for a quiet machine before a release.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const long = args.includes('--long');
const rest = args.filter((a) => a !== '--long');
const result = spawnSync('npx', ['vitest', 'run', '--project', 'sim', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, SOAK: long ? 'long' : '1', TOMONI_LOG_LEVEL: process.env.TOMONI_LOG_LEVEL ?? 'warn' },
});
process.exit(result.status ?? 1);
