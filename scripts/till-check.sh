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
source scripts/lib/browser.sh
need_browser_and_build till-check

work=$(mktemp -d /tmp/caja-till.XXXXXX)
cleanup() {
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_chromedriver "$work/chromedriver.log"
if ! python3 scripts/till_check.py "$bin" "$work" "$out" "$(free_port)" "$(free_port)" "$(free_port)" "$driver_port"; then
  echo "till-check: failed; caja ui log:" >&2
  tail -n 40 "$work/ui.log" >&2 || true
  exit 1
fi
echo "till-check: screenshots in $out"
