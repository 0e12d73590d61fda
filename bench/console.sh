#!/usr/bin/env bash
# The console's cost to the gateway, measured in one run (issue 4, "Performance"):
#   - throughput of the in-process gateway with the console open on its live dashboard, as a
#     ratio of headless `switchboard serve` (same config, same core, same load);
#   - the GUI thread's longest stall while the gateway takes that full load;
#   - the console's idle RSS.
#
#   bench/console.sh            (RECORD=1 appends the result to bench/RESULTS.md)
#
# The gateway (serve or console) is pinned to CPU 0, wrk and the mock upstream to CPU 1. The
# console runs under its own Xvfb display. Needs: ./dev.sh build, xvfb, wrk, the shared harness.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup console
DURATION="${DURATION:-10}"
PORT=18098

(cd "$HARNESS" && NGINX_MOCK=0 ./mock-upstream start >/dev/null 2>&1) || { echo "mock did not start" >&2; exit 1; }
sed 's/[[:space:]]*$//' "$HARNESS/lib/body.json" >"$OUT/body.json"

wait_up() { # wait_up PID
  for _ in $(seq 150); do
    kill -0 "$1" 2>/dev/null || return 1
    curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && return 0
    sleep 0.1
  done
  return 1
}
load() { # load OUTFILE -> prints requests/s
  (cd "$HARNESS" && STREAM=0 BODY_FILE="$OUT/body.json" taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" \
     -s lib/chat.lua "http://127.0.0.1:$PORT/v1/chat/completions") >"$1" 2>&1
  awk '/^Requests\/sec/ {print $2}' "$1"
}

log "headless serve"
rm -rf "$OUT/data-serve"
taskset -c 0 "$BIN" serve --config "$HERE/gateway-bench.json" --data-dir "$OUT/data-serve" --listen "127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
pid=$!
wait_up "$pid" || { cat "$OUT/serve.log" >&2; exit 1; }
load "$OUT/wrk-warm.txt" >/dev/null
serve_rps=$(load "$OUT/wrk-serve.txt")
kill -TERM "$pid"; wait "$pid" 2>/dev/null

log "console with the live dashboard, under Xvfb"
display=$((150 + RANDOM % 100))
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 0.5
export DISPLAY=":$display" XDG_CONFIG_HOME="$OUT/xdg-config" XDG_RUNTIME_DIR="$OUT/xdg-runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
rm -rf "$OUT/data-console"
SWITCHBOARD_STALL_LOG="$OUT/stall.txt" taskset -c 0 "$BIN" --config "$HERE/gateway-bench.json" \
  --data-dir "$OUT/data-console" --listen "127.0.0.1:$PORT" --page dashboard >"$OUT/console.log" 2>&1 &
pid=$!
wait_up "$pid" || { cat "$OUT/console.log" >&2; exit 1; }
sleep 3
idle_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
load "$OUT/wrk-warm2.txt" >/dev/null
console_rps=$(load "$OUT/wrk-console.txt")
kill -TERM "$pid"; wait "$pid" 2>/dev/null
stall=$(sed -n 's/^longest_stall_ms=//p' "$OUT/stall.txt" 2>/dev/null)

report() {
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — \`bench/console.sh\`"
  echo
  echo "    switchboard $("$BIN" --version | awk '{print $2}') ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)); wrk -c64 -d${DURATION}s, gateway on CPU 0; raw outputs in $OUT"
  echo
  echo "| headless serve | console, dashboard live | ratio | GUI thread's longest stall under that load | console idle RSS |"
  echo "|---:|---:|---:|---:|---:|"
  awk -v s="$serve_rps" -v c="$console_rps" -v st="${stall:-?}" -v rss="$idle_kb" \
    'BEGIN { printf "| %.0f req/s | %.0f req/s | %.2f | %s ms | %.0f MB |\n", s, c, (s > 0 ? c / s : 0), st, rss / 1024 }'
  echo
}
if [ "${RECORD:-0}" = 1 ]; then report | tee -a "$HERE/RESULTS.md"; else report; fi
