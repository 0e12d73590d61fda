# Shared set-up of bench/run.sh and bench/console.sh. Sourced, not run.
#   bench_setup NAME   -> HERE ROOT HARNESS BIN RUN OUT (a fresh $RUN/NAME-<stamp> folder)
# shellcheck shell=bash
bench_setup() {
  HERE="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
  ROOT="$(dirname "$HERE")"
  HARNESS="${BENCH_HARNESS:-$ROOT/../shared/bench}"
  BIN="${SWITCHBOARD_BIN:-$ROOT/build/app/switchboard}"
  RUN="${GWBENCH_RUN:-/tmp/gwbench}"
  OUT="$RUN/$1-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$OUT"
  [ -x "$BIN" ] || { echo "no $BIN: run ./dev.sh build first" >&2; exit 1; }
  [ -x "$HARNESS/run-peers.sh" ] || { echo "no harness at $HARNESS (set BENCH_HARNESS)" >&2; exit 1; }
  # Thousands of sockets in one process.
  ulimit -n "$(ulimit -Hn)"
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
