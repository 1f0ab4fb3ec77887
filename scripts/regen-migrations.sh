#!/usr/bin/env bash
# Regenerates migrations/ from the drizzle schema as ONE initial migration. Only valid before the first release
# (migrations are never edited after release); serialized with flock so parallel work cannot interleave.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/tomoni-migrations.lock
flock 9
rm -rf migrations.tmp && mkdir migrations.tmp
DRIZZLE_OUT=./migrations.tmp npx drizzle-kit generate --name initial >/tmp/tomoni-drizzle.log 2>&1 || { cat /tmp/tomoni-drizzle.log; rm -rf migrations.tmp; exit 1; }
rm -rf migrations && mv migrations.tmp migrations
echo "migrations regenerated: $(ls migrations/*.sql)"
