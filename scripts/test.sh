#!/usr/bin/env bash
# Runs every test of Caja. Installs what the tests need when it is missing (Debian:
# xmllint from libxml2-utils, xmlsec1), then runs `swift test` once.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v xmlsec1 >/dev/null 2>&1 || need+=(xmlsec1)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The DGI schema lives beside the repository (../shared/dgi-fe/xsd); CAJA_DGI_XSD overrides.
schema="${CAJA_DGI_XSD:-$(pwd)/../shared/dgi-fe/xsd/FE_v1.00.xsd}"
if [ ! -f "$schema" ]; then
  echo "test.sh: DGI schema not found at $schema (set CAJA_DGI_XSD)" >&2
  exit 1
fi
export CAJA_DGI_XSD="$schema"

swift test "$@"
