# Shared by the browser checks (panel-check.sh, till-check.sh): the tools they need, the
# binaries `swift build` already built (they never build), free loopback ports and a
# chromedriver to drive headless Chromium over WebDriver.

# Sets `bin`; exits saying what is missing. $1 names the check in messages.
need_browser_and_build() {
  bin="$(swift build --show-bin-path)"
  for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "$1: $tool is not installed" >&2; exit 1; }
  done
  [ -x "$bin/caja-server" ] && [ -x "$bin/caja" ] || { echo "$1: build first (swift build)" >&2; exit 1; }
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts chromedriver on a free port, logging to $1; sets `driver_port` and `driver_pid`.
start_chromedriver() {
  driver_port=$(free_port)
  chromedriver --port="$driver_port" > "$1" 2>&1 &
  driver_pid=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$driver_port/status" >/dev/null && break; sleep 0.1; done
}
