#!/usr/bin/env bash
# The slow-reader case of the outside review: CLIENTS clients (default 100) each read a BYTES
# stream (default 10 MiB) at RATE bytes/s (default 10 KiB/s, so about 17 minutes) through
# `switchboard serve`, from an OpenAI-compatible upstream that streams as fast as it is read.
# Samples the gateway's RSS from /proc once a second and prints the peak: with back-pressure it
# stays near idle RSS + CLIENTS x server.limits.maxPendingWriteBytes, not CLIENTS x BYTES.
#
#   bench/slow-readers.sh                                   the full case (~17 min)
#   CLIENTS=20 BYTES=2097152 RATE=102400 bench/slow-readers.sh   a quick look (~20 s)
#
# Needs ./dev.sh build and node. RECORD=1 appends the result to bench/RESULTS.md.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
BIN="${SWITCHBOARD_BIN:-$ROOT/build/app/switchboard}"
OUT="$(mktemp -d /tmp/sb-slow-readers.XXXXXX)"
export CLIENTS="${CLIENTS:-100}" BYTES="${BYTES:-10485760}" RATE="${RATE:-10240}"
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }

node "$HERE/slow-readers.mjs" upstream "$OUT/upstream.port" &
UP_PID=$!
for _ in $(seq 100); do [ -s "$OUT/upstream.port" ] && break; sleep 0.1; done
UP_PORT=$(cat "$OUT/upstream.port")
cat >"$OUT/config.json" <<JSON
{"schemaVersion": 1,
 "upstream": {"maxResponseBytes": 2147483648, "idleTimeoutMs": 600000},
 "backends": [{"name": "up", "type": "openai-compatible", "baseUrl": "http://127.0.0.1:$UP_PORT/v1"}],
 "models": [{"alias": "big", "targets": [{"backend": "up", "model": "big"}]}]}
JSON
GW_PORT=18098
"$BIN" serve --config "$OUT/config.json" --data-dir "$OUT/data" --listen "127.0.0.1:$GW_PORT" \
  >"$OUT/gateway.log" 2>&1 &
GW_PID=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$GW_PORT/healthz" && break; sleep 0.1; done
IDLE=$(rss_kb "$GW_PID")
PEAK=$IDLE
node "$HERE/slow-readers.mjs" clients "$GW_PORT" >"$OUT/clients.json" &
CL_PID=$!
while kill -0 "$CL_PID" 2>/dev/null; do
  R=$(rss_kb "$GW_PID"); [ -n "$R" ] && [ "$R" -gt "$PEAK" ] && PEAK=$R
  sleep 1
done
METRICS=$(curl -s "http://127.0.0.1:$GW_PORT/metrics" | grep -E '^switchboard_(pending_output_peak_bytes|upstream_read_pauses_total|output_limit_closes_total|client_send_timeouts_total) ')
kill -TERM "$GW_PID" "$UP_PID" 2>/dev/null; wait "$GW_PID" "$UP_PID" 2>/dev/null
RESULT="| $CLIENTS | $BYTES | $RATE | $((IDLE / 1024)) | $((PEAK / 1024)) | $(cat "$OUT/clients.json") |"
echo "| clients | bytes/stream | bytes/s | idle RSS MiB | peak RSS MiB | clients' result |"
echo "|---|---|---|---|---|---|"
echo "$RESULT"
echo "$METRICS"
if [ "${RECORD:-0}" = 1 ]; then
  { echo; echo "Command: \`CLIENTS=$CLIENTS BYTES=$BYTES RATE=$RATE bench/slow-readers.sh\` ($(date -u +%F))"; echo
    echo "| clients | bytes/stream | bytes/s | idle RSS MiB | peak RSS MiB | clients' result |"
    echo "|---|---|---|---|---|---|"; echo "$RESULT"; echo; echo '```'; echo "$METRICS"; echo '```'; } >>"$ROOT/bench/RESULTS.md"
fi
rm -rf "$OUT"
