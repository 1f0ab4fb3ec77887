#!/usr/bin/env bash
# The whole test run, as CI runs it: typecheck, lint, unit, sync simulation, HQ server (SQLite + PostgreSQL),
# end-to-end in Chromium. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
# Info logs from the many servers the tests start would drown the test report.
export TOMONI_LOG_LEVEL="${TOMONI_LOG_LEVEL:-warn}"
stage() { printf '\n=== %s ===\n' "$1"; }
stage "typecheck"
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.shared.json --noEmit
stage "lint"
npx eslint . --max-warnings 0
stage "unit, sync simulation, server (vitest)"
npx vitest run
stage "end-to-end (Playwright + Chromium)"
npx vite build --logLevel warn
npx playwright test
