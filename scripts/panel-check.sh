#!/usr/bin/env bash
# The panel seen by a real browser, in two acts. First act (issue 14): an empty server
# (--no-demo), its one-time setup secret read from its console, a shop set up in the panel
# (scripts/first_act.py: company, admin, cashier, products by form and by CSV), then a `caja`
# register logs in as that cashier and sells online and offline; every document must be
# authorized by the simulator and validate against the DGI schema (scripts/check_documents.py).
# Second act: starts caja-server with demo data on a free port, sells
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
  [ -n "${first_pid:-}" ] && kill "$first_pid" 2>/dev/null || true
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
xsd="${CAJA_DGI_XSD:-../shared/dgi-fe/xsd/FE_v1.00.xsd}"
start_chromedriver "$work/chromedriver.log"

# First act: a real shop from an empty server.
first_port=$(free_port)
"$bin/caja-server" --no-demo --dgi-sim --port "$first_port" --data-dir "$work/first" > "$work/first.out" 2> "$work/first.log" &
first_pid=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$first_port/health" >/dev/null && break; sleep 0.1; done
secret=$(awk '/one-time setup secret/ { getline; print $1; exit }' "$work/first.out")
[ -n "$secret" ] || { echo "panel-check: the empty server printed no setup secret" >&2; cat "$work/first.out" >&2; exit 1; }
python3 scripts/first_act.py "http://127.0.0.1:$first_port" "$out" "$driver_port" "$secret"
shop() { "$bin/caja" --home "$work/shop-register" "$@"; }
shop login --server "http://127.0.0.1:$first_port" --user ana --password clave-de-ana-1 --pos 001 --device caja-tornillo >/dev/null
shop sell 1001 --cash 10.00 >/dev/null
shop offline on --reason 'Sin internet: el proveedor no responde' --accept-terms >/dev/null
shop sell '1003*2' >/dev/null
shop offline off >/dev/null
python3 scripts/check_documents.py "http://127.0.0.1:$first_port" tornillo clave-del-duenio "$xsd" 2
kill "$first_pid" 2>/dev/null || true

# Second act: the demo company's panel.

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

python3 scripts/panel_check.py "http://127.0.0.1:$port" "$out" "$driver_port"
echo "panel-check: screenshots in $out"
