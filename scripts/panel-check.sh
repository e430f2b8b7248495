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
bin="$(swift build --show-bin-path)"
for tool in chromium chromedriver; do
  command -v "$tool" >/dev/null || { echo "panel-check: $tool is not installed" >&2; exit 1; }
done
[ -x "$bin/caja-server" ] && [ -x "$bin/caja" ] || { echo "panel-check: build first (swift build)" >&2; exit 1; }

work=$(mktemp -d /tmp/caja-panel.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
driver_port=$(free_port)
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

chromedriver --port="$driver_port" > "$work/chromedriver.log" 2>&1 &
driver_pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$driver_port/status" >/dev/null && break; sleep 0.1; done
python3 scripts/panel_check.py "http://127.0.0.1:$port" "$out" "$driver_port"
echo "panel-check: screenshots in $out"
