#!/usr/bin/env bash
# The panel seen by a real browser: starts caja-server with demo data on a free port, sells
# online and offline with the `caja` register, then drives headless Chromium through the
# panel (scripts/panel_check.py: login, find an offline document, its session and DGI state,
# the XML link, every page), saving a screenshot of each page in $1 (default
# .build/panel-screenshots). Needs chromium and chromium-driver; uses the binaries that
# `swift build` / `swift test` already built (it never builds).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/panel-screenshots}"
source scripts/lib/browser.sh
need_browser_and_build panel-check

work=$(mktemp -d /tmp/caja-panel.XXXXXX)
port=$(free_port)
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin/caja-server" --port "$port" --data-dir "$work/server" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

caja() { "$bin/caja" --home "$work/register" "$@"; }
caja login --server "http://127.0.0.1:$port" --user cajero --password cajero1234 --pos 001 --device caja-panel >/dev/null
caja sell '7504*2' 7501 --cash 20.00 >/dev/null
caja offline on --reason 'Sin internet <script>alert(1)</script> desde las 9' --accept-terms >/dev/null
caja sell 7502 >/dev/null
caja credit-note 7503 --generic >/dev/null
caja offline off >/dev/null
sleep 1   # the DGI queue authorizes them against the embedded simulator

start_chromedriver "$work/chromedriver.log"
python3 scripts/panel_check.py "http://127.0.0.1:$port" "$out" "$driver_port"
echo "panel-check: screenshots in $out"
