#!/usr/bin/env bash
# Caja's benchmarks (BENCHMARKS.md): builds caja-bench in release mode (in its own build
# folder, .build-bench, so the test build is left alone), starts a throwaway PostgreSQL
# cluster with fsync ON (durability is part of what is measured) on a free port, runs every
# benchmark and prints the table. Not part of the test command.
#   bash scripts/bench.sh            # the full run
#   bash scripts/bench.sh --quick    # smaller counts, for a first look
#   bash scripts/bench.sh --only 1,5
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "bench.sh: building caja-bench (release)" >&2
CAJA_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product caja-bench >&2
bench="$(CAJA_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --show-bin-path)/caja-bench"

source scripts/lib/postgres.sh
start_throwaway_postgres caja-bench-pg -c max_connections=300 -c shared_buffers=512MB
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U caja caja_bench

echo "bench.sh: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
CAJA_BENCH_POSTGRES_URL="postgres://caja@127.0.0.1:$port/caja_bench" CAJA_BENCH_PGBENCH="$pg_bin/pgbench" "$bench" "$@"
