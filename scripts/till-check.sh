#!/usr/bin/env bash
# The cashier's screen seen by a real browser: scripts/till_check.py starts caja-server (demo
# data, a free port, its own data dir), `caja ui` over a temp home with a fake receipt printer,
# and drives headless Chromium through a day at the till: online sale, printer bytes, outage,
# modo offline, three offline sales, a reload, the server's return, Volver a línea, Reporte Z.
# A screenshot of every step goes to $1 (default .build/till-screenshots). Needs chromium and
# chromium-driver; uses the binaries `swift build` already built (it never builds).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/till-screenshots}"
bin="$(swift build --show-bin-path)"
for tool in chromium chromedriver; do
  command -v "$tool" >/dev/null || { echo "till-check: $tool is not installed" >&2; exit 1; }
done
[ -x "$bin/caja-server" ] && [ -x "$bin/caja" ] || { echo "till-check: build first (swift build)" >&2; exit 1; }

work=$(mktemp -d /tmp/caja-till.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
driver_port=$(free_port)
cleanup() {
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

chromedriver --port="$driver_port" > "$work/chromedriver.log" 2>&1 &
driver_pid=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$driver_port/status" >/dev/null && break; sleep 0.1; done
if ! python3 scripts/till_check.py "$bin" "$work" "$out" "$(free_port)" "$(free_port)" "$(free_port)" "$driver_port"; then
  echo "till-check: failed; caja ui log:" >&2
  tail -n 40 "$work/ui.log" >&2 || true
  exit 1
fi
echo "till-check: screenshots in $out"
