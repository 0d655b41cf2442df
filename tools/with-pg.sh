#!/bin/sh
# Runs a command with a throw-away PostgreSQL server: LUOSHI_TEST_PG is its URL
# (without a database name), LUOSHI_TEST_PG_DIR its directory (for restarts).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/luoshi-pg-XXXXXX)
trap 'sh "$here/pg-cluster.sh" stop "$dir"' EXIT INT TERM
url=$(sh "$here/pg-cluster.sh" start "$dir")
LUOSHI_TEST_PG=${url%/postgres}
LUOSHI_TEST_PG_DIR=$dir
export LUOSHI_TEST_PG LUOSHI_TEST_PG_DIR
"$@"
