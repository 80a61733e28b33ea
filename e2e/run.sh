#!/usr/bin/env bash
# Runs the browser tests against a fresh demo server:
#   starts `zoneops serve --demo` on a free port with a new temporary data dir, waits for
#   /api/v1/health, runs `npx playwright test` (extra arguments are passed on), stops the server.
# ZONEOPS_BIN overrides the binary (default: ../target/debug/zoneops).
set -euo pipefail
cd "$(dirname "$0")"

BIN="${ZONEOPS_BIN:-../target/debug/zoneops}"
if [ ! -x "$BIN" ]; then
  echo "e2e: no server binary at $BIN (build it first: cd web && npm ci && npm run build && cd .. && cargo build)" >&2
  exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: /usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)" >&2
  exit 1
fi
if [ ! -d node_modules/@playwright/test ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

DATA_DIR="$(mktemp -d -t zoneops-e2e.XXXXXX)"
PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
URL="http://127.0.0.1:${PORT}"
mkdir -p artifacts
LOG="artifacts/server.log"

# The suite signs in some hundred times from one address within minutes; the per-address login
# limit (30 a minute by default) is tested by the API tests, not here.
ZONEOPS_LOGIN_RATE_PER_MINUTE=1000 \
  "$BIN" serve --data-dir "$DATA_DIR" --demo --listen "127.0.0.1:${PORT}" >"$LOG" 2>&1 &
SERVER_PID=$!

stop_server() {
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap stop_server EXIT

# The first start loads the demo zone: allow it a few minutes on a debug build.
for _ in $(seq 1 600); do
  if curl -fsS "${URL}/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: the server stopped before it was ready; its log:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done
if ! curl -fsS "${URL}/api/v1/health" >/dev/null 2>&1; then
  echo "e2e: the server did not answer ${URL}/api/v1/health in time" >&2
  tail -n 50 "$LOG" >&2
  exit 1
fi

echo "e2e: server ready at ${URL} (log: e2e/${LOG})"
export ZONEOPS_URL="$URL"
npx playwright test "$@"
