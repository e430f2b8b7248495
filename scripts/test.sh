#!/usr/bin/env bash
# Runs every test of Caja, starting what the tests need:
#  - xmllint (libxml2-utils), xmlsec1 and the SQLite headers GRDB builds against
#    (libsqlite3-dev), installed with apt-get when missing;
#  - a throwaway PostgreSQL cluster (Debian's binaries; `postgresql` installed when missing)
#    on a free loopback port in a temp dir, stopped and removed on exit.
# Then `swift test` once, with CAJA_TEST_POSTGRES_URL pointing at that cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v xmlsec1 >/dev/null 2>&1 || need+=(xmlsec1)
command -v openssl >/dev/null 2>&1 || need+=(openssl)   # makes the PKCS#12 files the key-upload tests send
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools) # reads back the QR codes the panel draws
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
# GRDB (the register's store) builds against the system SQLite.
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The DGI schema lives beside the repository (../shared/dgi-fe/xsd); CAJA_DGI_XSD overrides.
schema="${CAJA_DGI_XSD:-$(pwd)/../shared/dgi-fe/xsd/FE_v1.00.xsd}"
if [ ! -f "$schema" ]; then
  echo "test.sh: DGI schema not found at $schema (set CAJA_DGI_XSD)" >&2
  exit 1
fi
export CAJA_DGI_XSD="$schema"

# A PostgreSQL cluster for this run only. fsync is off: it is thrown away afterwards, and the
# tests prove logic (atomic numbering, idempotency, constraints), not the disk.
if [ -z "${CAJA_TEST_POSTGRES_URL:-}" ]; then
  source scripts/lib/postgres.sh
  start_throwaway_postgres caja-pg -c max_connections=400 -c fsync=off
  export CAJA_TEST_POSTGRES_URL="postgres://caja@127.0.0.1:$port/postgres"
  echo "test.sh: PostgreSQL on 127.0.0.1:$port"
fi

swift test "$@"

# The panel and the till screen in a real browser, when Chromium is here (.ci/run installs it).
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  bash scripts/panel-check.sh
  bash scripts/till-check.sh
else
  echo "test.sh: chromium/chromedriver not installed; skipping scripts/panel-check.sh and scripts/till-check.sh"
fi
