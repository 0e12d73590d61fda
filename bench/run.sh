#!/usr/bin/env bash
# Benchmarks `switchboard serve` with the shared gateway harness (../../shared/bench, or
# $BENCH_HARNESS), each figure as a ratio against a baseline measured in the same run.
#
#   bench/run.sh [throughput|capture|concurrency|memory|idle|streams|tls|translate|governance|all]
#   (default: all)
#
# throughput   direct, nginx proxy_pass, switchboard and Portkey through the harness's
#              run-peers.sh: max RPS, CPU per request, added latency at 1,000 req/s, TTFT
# capture      the same for nginx and switchboard with request/response body capture on
# concurrency  1,000 requests at once to an upstream that answers after 1 s, direct and
#              through switchboard: when does the last one finish? (issue 9 bar: ≤ 0.3 s after
#              the direct run's last one)
# memory       idle RSS after start and one request (issue 9 bar: ≤ 30 MB), then peak RSS while
#              2,000 SSE streams are held open (250 ms per chunk)
# idle         2,000 idle keep-alive client connections held open to the proxy (each answered one
#              request first; bench/conns.c), then the harness's lat client at an open-loop
#              1,000 req/s for 12 s: the proxy's CPU per request (/proc/PID/stat ticks over the
#              lat run) and added p50/p99 against direct, for nginx proxy_pass and switchboard,
#              each also without idle connections. Issue 9 bars: switchboard's CPU per request
#              ≤ 1.5 × nginx's and its added p50 ≤ 2 × nginx's, both with the idle connections.
#              IDLE_CONNS (2000) changes the count. The connections are held for about 15 s,
#              well within the keep-alive timeouts (switchboard 60 s, nginx 75 s); the table
#              shows how many were still open at the end.
# streams      9,000 concurrent SSE streams (mockllm --chunks 20 --chunk-delay-ms 250, about
#              5 s each), connected at 1,000 per 100 ms (bench/conns.c): complete streams (status
#              200, data: [DONE], last chunk), ramp-up time, peak RSS (VmHWM) and most descriptors
#              open, through switchboard and through nginx (generated conf: worker_connections
#              20000, worker_rlimit_nofile 20000). Issue 9 bar: all complete, peak RSS ≤ 300 MB.
#              STREAMS (9000), STREAMS_RATE (10000 connects/s), STREAMS_TIMEOUT (60 s: streams
#              not done by then count as unfinished), STREAMS_NGINX=0 skips nginx.
#              Descriptors: a proxy holds two per stream (18,000 here, under the 20,000 hard
#              limit): switchboard serve and conns raise their soft limit to the hard one; the
#              mock and nginx inherit this script's (raised in lib.sh).
# translate    an OpenAI client (wrk c=64, 12 s each) through switchboard to an Anthropic-format
#              upstream (nginx with fixed answers in Anthropic's format, bench/anthropic-mock.conf.in)
#              against the OpenAI pass-through to mockllm, in the same run, whole and streamed
#              (20 text chunks each): switchboard's CPU per request. Issue 11 aim: translated
#              ≤ 2 × the pass-through's.
# governance   the same gateway without auth and with a gateway key limited by RPM and TPM
#              (wrk c=64, 12 s each, alternated GOV_ROUNDS=3 times): throughput ratio and the CPU the key and
#              its limits add per request. Issue 12 bar: keyed ≥ 0.9 × open.
# tls          HTTPS termination: nginx `listen ssl` + proxy_pass against switchboard with
#              server.tls, same certificate (ECDSA P-256), keep-alive clients (wrk c=64); then
#              switchboard's RSS with 2,000 streams open at once on their own TLS sessions
#
# The gateway runs with bench/gateway-bench.json, the default config (request logging on; only
# the backend and the model alias are set), and is pinned to CPU 0; the load generator and the
# mock share CPU 1. Prints markdown; with RECORD=1 it also appends it, with the command line, to
# bench/RESULTS.md. Hold `flock -o /work/.build.lock` around a run on a shared machine (-o: the
# mock and nginx it starts must not inherit the lock).
# Needs: ./dev.sh build, nginx-light, wrk, curl, gcc, node/npm (Portkey: run the harness's
# ./install-peers once).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup switchboard
json_get() { sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p" <<<"$2" | head -1; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null; }
GW_PORT=18099

start_gateway() { # start_gateway CONFIG [DATA_DIR] -> GW_PID (without DATA_DIR: a fresh $OUT/data)
  local data="${2:-$OUT/data}"
  [ -n "${2:-}" ] || rm -rf "$data"
  taskset -c 0 "$BIN" serve --config "$1" --data-dir "$data" --listen "127.0.0.1:$GW_PORT" \
    >"$OUT/gateway.log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 100); do
    kill -0 "$GW_PID" 2>/dev/null || break # exited (port taken?)
    curl -s -o /dev/null "http://127.0.0.1:$GW_PORT/healthz" && return 0
    sleep 0.1
  done
  log "gateway did not start"; cat "$OUT/gateway.log" >&2; return 1
}
stop_gateway() { kill -TERM "$GW_PID" 2>/dev/null; wait "$GW_PID" 2>/dev/null; }

lat_bin() {
  LAT="$RUN/bin/lat"
  mkdir -p "$RUN/bin"
  [ -x "$LAT" ] && [ "$LAT" -nt "$HARNESS/mock/lat.c" ] || cc -O2 -Wall -pthread -o "$LAT" "$HARNESS/mock/lat.c"
}

conns_bin() {
  CONNS="$OUT/conns"
  cc -O2 -Wall -o "$CONNS" "$HERE/conns.c" || { log "bench/conns.c did not build"; return 1; }
}

# bar VALUE OP LIMIT -> "met" or "**not met**" (OP: le or ge)
bar() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == "le") ? (v <= l) : (v >= l); print (v == "" ? "no figure" : ok ? "met" : "**not met**") }'
}
ms() { awk -v u="$1" 'BEGIN{printf "%.2f", u/1000}'; } # µs -> ms

# nginx proxy_pass in front of the mock (the harness's conf), in the foreground, pinned to CPU 0.
# start_nginx NAME PORT [sed expression for the conf] -> NGINX_PID (master), NGINX_WORKER
start_nginx() {
  local name="$1" port="$2" extra="${3:-}"
  mkdir -p "$OUT/$name-tmp"
  sed -e "s|@RUN@|$OUT|g; s|@PORT@|$port|; s|@UPSTREAM@|127.0.0.1:18080|; s|@WORKERS@|1|" \
      -e "s|nginx-proxy-tmp|$name-tmp|g; s|nginx-proxy\.|$name.|g" ${extra:+-e "$extra"} \
      "$HARNESS/nginx/proxy.conf.in" >"$OUT/$name.conf"
  taskset -c 0 nginx -c "$OUT/$name.conf" -p "$OUT" -e "$OUT/$name.error.log" -g 'daemon off;' \
    2>"$OUT/$name.log" &
  NGINX_PID=$!
  NGINX_WORKER=
  for _ in $(seq 50); do
    NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)
    [ -n "$NGINX_WORKER" ] && curl -s -o /dev/null "http://127.0.0.1:$port/health" && return 0
    sleep 0.1
  done
  log "nginx did not start"; cat "$OUT/$name.log" "$OUT/$name.error.log" >&2; return 1
}
stop_nginx() { kill -QUIT "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; }

restart_mock() { # restart_mock VAR=VALUE...
  (cd "$HARNESS" && ./mock-upstream stop >/dev/null 2>&1; env "$@" NGINX_MOCK=0 ./mock-upstream start >/dev/null 2>&1)
}

peers_table() { # peers_table LABEL CONFIG TARGETS...
  local label="$1" config="$2"
  shift 2
  log "$label: run-peers.sh $*"
  (cd "$HARNESS" && GWBENCH_RUN="$RUN" GW_HEALTH=/healthz GW_PORT=$GW_PORT \
     GW_CMD="$BIN serve --config $config --data-dir $OUT/data-$label --listen 127.0.0.1:{PORT}" \
     ./run-peers.sh "$@") >"$OUT/$label.md" 2>"$OUT/$label.log"
  # Ratios from the table: columns 2 (max RPS), 7 (CPU µs/req), 12/13 (+p50/+p99 at 1k/s).
  awk -F'|' -v label="$label" '
    function v(s) { gsub(/[ +]/, "", s); return s + 0 }
    /^\| (direct|nginx|cmd|portkey) \|/ && !seen[$2]++ { t = $2; gsub(/ /, "", t); rps[t] = v($3); cpu[t] = v($8); p50[t] = v($13); p99[t] = v($14) }
    END {
      if (rps["nginx"] > 0 && rps["cmd"] > 0) {
        printf "- %s: switchboard %.0f req/s = %.2f × nginx (%.0f)", label, rps["cmd"], rps["cmd"] / rps["nginx"], rps["nginx"]
        if (rps["portkey"] > 0) printf ", %.1f × Portkey (%.0f)", rps["cmd"] / rps["portkey"], rps["portkey"]
        printf "; CPU %.0f µs/req = %.2f × nginx (%.0f µs)", cpu["cmd"], cpu["cmd"] / cpu["nginx"], cpu["nginx"]
        if (p50["nginx"] != "" && "direct" in rps)
          printf "; added latency at 1k/s: p50 +%.2f ms (nginx +%.2f), p99 +%.2f ms (nginx +%.2f)", p50["cmd"], p50["nginx"], p99["cmd"], p99["nginx"]
        printf "\n"
      }
    }' "$OUT/$label.md"
}

throughput() {
  echo "### Throughput, latency and TTFT (request log on, body capture off: the default)"
  echo
  peers_table throughput "$HERE/gateway-bench.json" direct nginx cmd portkey
  echo
  sed -n '/^JSON/,/^Raw outputs/p' "$OUT/throughput.md"
}

capture() {
  echo "### With request and response bodies captured in the log"
  echo
  peers_table capture "$HERE/gateway-bench-capture.json" nginx cmd
  echo
}

concurrency() {
  lat_bin
  echo "### 1,000 concurrent requests to an upstream that answers after 1 s"
  echo
  restart_mock MOCK_DELAY_MS=1000
  local body="$OUT/body.json"
  sed 's/[[:space:]]*$//' "$HARNESS/lib/body.json" >"$body"
  # -r 100000 -c 1000 -d 0.01 -w 0: each of 1,000 connections sends one request, all within 10 ms
  # (no warm-up: lat would otherwise send one 1-s warm-up call on each connection first).
  local args=(-b "$body" -r 100000 -c 1000 -d 0.01 -w 0 -g 20)
  log "concurrency: direct"
  taskset -c 1 "$LAT" -u "http://127.0.0.1:18080/v1/chat/completions" "${args[@]}" >"$OUT/conc-direct.txt" 2>&1
  start_gateway "$HERE/gateway-bench.json" || return 1
  log "concurrency: switchboard"
  taskset -c 1 "$LAT" -u "http://127.0.0.1:$GW_PORT/v1/chat/completions" "${args[@]}" >"$OUT/conc-gw.txt" 2>&1
  stop_gateway
  local d g
  d=$(grep LAT_JSON "$OUT/conc-direct.txt"); g=$(grep LAT_JSON "$OUT/conc-gw.txt")
  echo "| target | answered | errors/non-200 | unfinished | p50 ms | max (last one) ms |"
  echo "|---|---:|---:|---:|---:|---:|"
  for row in "direct:$d" "switchboard:$g"; do
    local name="${row%%:*}" j="${row#*:}"
    echo "| $name | $(json_get n "$j") | $(json_get errors "$j")/$(json_get non200 "$j") | $(json_get unfinished "$j") | $(awk -v u="$(json_get total_p50_us "$j")" 'BEGIN{printf "%.0f", u/1000}') | $(awk -v u="$(json_get total_max_us "$j")" 'BEGIN{printf "%.0f", u/1000}') |"
  done
  echo
  local late; late=$(awk -v a="$(json_get total_max_us "$g")" -v b="$(json_get total_max_us "$d")" 'BEGIN{printf "%+.0f", (a-b)/1000}')
  echo "The last request through switchboard finished $late ms after the last one sent directly; bar ≤ +300 ms: $(bar "$late" le 300)."
  echo
  restart_mock
}

memory() {
  lat_bin
  echo "### Memory: idle, and 2,000 SSE streams held open"
  echo
  restart_mock MOCK_CHUNK_DELAY_MS=250 MOCK_CHUNKS=20
  local body="$OUT/sse.json"
  sed 's/[[:space:]]*$//; s/"stream":false/"stream":true/' "$HARNESS/lib/body.json" >"$body"
  sed 's/[[:space:]]*$//' "$HARNESS/lib/body.json" >"$OUT/body.json"
  start_gateway "$HERE/gateway-bench.json" || return 1
  # Idle RSS as issue 9 bars it: after start and one (non-streaming) request, then 1 s idle.
  local first
  first=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @"$OUT/body.json" "http://127.0.0.1:$GW_PORT/v1/chat/completions")
  sleep 1
  local idle; idle=$(rss_kb "$GW_PID")
  log "memory: 2 x 1000 streams (about 5 s each)"
  local peak=0 open=0 maxopen=0
  taskset -c 1 "$LAT" -u "http://127.0.0.1:$GW_PORT/v1/chat/completions" -b "$body" -r 100000 -c 1000 -d 0.01 -w 0 -g 30 >"$OUT/mem-a.txt" 2>&1 &
  local a=$!
  taskset -c 1 "$LAT" -u "http://127.0.0.1:$GW_PORT/v1/chat/completions" -b "$body" -r 100000 -c 1000 -d 0.01 -w 0 -g 30 >"$OUT/mem-b.txt" 2>&1 &
  local b=$!
  while kill -0 "$a" 2>/dev/null || kill -0 "$b" 2>/dev/null; do
    open=$(curl -s "http://127.0.0.1:$GW_PORT/metrics" | awk '/^switchboard_requests_in_flight/ {print $2}')
    [ "${open:-0}" -gt "$maxopen" ] && maxopen=$open
    sleep 0.2
  done
  peak=$(hwm_kb "$GW_PID")
  stop_gateway
  local ja jb
  ja=$(grep LAT_JSON "$OUT/mem-a.txt"); jb=$(grep LAT_JSON "$OUT/mem-b.txt")
  echo "| idle RSS (after start and one request) | peak RSS | streams answered | errors/non-200/unfinished | most streams in flight at once |"
  echo "|---:|---:|---:|---:|---:|"
  echo "| $((idle / 1024)) MB | $((peak / 1024)) MB | $(( $(json_get n "$ja") + $(json_get n "$jb") )) | $(( $(json_get errors "$ja") + $(json_get errors "$jb") ))/$(( $(json_get non200 "$ja") + $(json_get non200 "$jb") ))/$(( $(json_get unfinished "$ja") + $(json_get unfinished "$jb") )) | $maxopen |"
  echo
  echo "- Idle RSS after start and one request (HTTP $first): **$((idle / 1024)) MB** ($idle kB); bar ≤ 30 MB: $(bar "$idle" le $((30 * 1024)))."
  echo
  restart_mock
}

# CPU time (µs) of a process and its threads, from /proc.
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1e6 / hz}' "/proc/$1/stat"; }

# wrk against URL for 12 s (load on CPU 1) while PID (on CPU 0) serves it: "rps cpu_us_per_req".
wrk_cpu() { # wrk_cpu PID URL
  local c0 c1 json
  c0=$(cpu_us "$1")
  json=$(cd "$HARNESS" && taskset -c 1 wrk -t1 -c64 -d12s -s lib/chat.lua "$2" | grep WRK_JSON)
  c1=$(cpu_us "$1")
  awk -v r="$(json_get requests "$json")" -v rps="$(json_get rps "$json")" -v c="$((c1 - c0))" \
    -v e="$(json_get err_status "$json")" 'BEGIN { printf "%.0f %.1f %d", rps, (r > 0 ? c / r : 0), e }'
}

# One open-loop run of the harness's lat client at 1,000 req/s for 12 s (50 connections, load
# on CPU 1), with IDLE idle keep-alive connections held open to the same URL meanwhile (conns
# hold). CPU per request is the CPU time of CPU_PID (0: none) over the lat run, divided by the
# answers. idle_run NAME URL CPU_PID IDLE -> appends "NAME|idle held|LAT_JSON|cpu µs/req|cpu %"
# to $OUT/idle-rows.txt
idle_run() {
  local name="$1" url="$2" pid="$3" idle="$4" holder="" held="0" c0=0 c1=0 s0 s1 j n cpu pct
  if [ "$idle" -gt 0 ]; then
    taskset -c 1 "$CONNS" hold -u "$url" -b "$OUT/body.json" -n "$idle" -R 10000 -T 120 \
      >"$OUT/idle-$name-hold.txt" 2>&1 &
    holder=$!
    for _ in $(seq 600); do
      grep -q HOLD_READY "$OUT/idle-$name-hold.txt" && break
      kill -0 "$holder" 2>/dev/null || break
      sleep 0.1
    done
    if ! grep -q HOLD_READY "$OUT/idle-$name-hold.txt"; then
      log "idle: $name: the $idle connections were not ready"; cat "$OUT/idle-$name-hold.txt" >&2
    fi
    sleep 1
  fi
  log "idle: $name, $idle idle connections: lat 1000/s for 12 s"
  [ "$pid" != 0 ] && c0=$(cpu_us "$pid")
  s0=$(date +%s.%N)
  timeout 80 taskset -c 1 "$LAT" -u "$url" -b "$OUT/body.json" -r 1000 -c 50 -d 12 -g 10 -w 20 \
    >"$OUT/idle-$name.txt" 2>&1
  s1=$(date +%s.%N)
  [ "$pid" != 0 ] && c1=$(cpu_us "$pid")
  if [ -n "$holder" ]; then
    kill -TERM "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
    held=$(json_get still_open "$(grep HOLD_JSON "$OUT/idle-$name-hold.txt")")
  fi
  j=$(grep LAT_JSON "$OUT/idle-$name.txt")
  n=$(json_get n "$j")
  cpu=$(awk -v c="$((c1 - c0))" -v n="${n:-0}" -v p="$pid" 'BEGIN { print (p == 0 || n == 0) ? "-" : sprintf("%.0f", c / n) }')
  pct=$(awk -v c="$((c1 - c0))" -v a="$s0" -v b="$s1" -v p="$pid" 'BEGIN { print p == 0 ? "-" : sprintf("%.0f", c / 1e4 / (b - a)) }')
  echo "$name|${held:-0}|$j|$cpu|$pct" >>"$OUT/idle-rows.txt"
}

idle() {
  lat_bin; conns_bin || return 1
  local idle_n="${IDLE_CONNS:-2000}"
  echo "### CPU per request and added latency at 1,000 req/s with $idle_n idle keep-alive connections open"
  echo
  restart_mock
  sed 's/[[:space:]]*$//' "$HARNESS/lib/body.json" >"$OUT/body.json"
  : >"$OUT/idle-rows.txt"
  idle_run direct "http://127.0.0.1:18080/v1/chat/completions" 0 0
  start_nginx nginx-idle 18090 || return 1
  idle_run nginx "http://127.0.0.1:18090/v1/chat/completions" "$NGINX_WORKER" 0
  idle_run "nginx+idle" "http://127.0.0.1:18090/v1/chat/completions" "$NGINX_WORKER" "$idle_n"
  stop_nginx
  start_gateway "$HERE/gateway-bench.json" || return 1
  idle_run switchboard "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$GW_PID" 0
  idle_run "switchboard+idle" "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$GW_PID" "$idle_n"
  stop_gateway
  echo "Open loop: lat -r 1000 -c 50 -d 12 (times from the scheduled send); idle connections: \`conns hold -n $idle_n\`, each answered one request, then idle through the run. CPU of the nginx worker or the switchboard process (all threads, request log included) over the lat run. '+' = difference to direct."
  echo
  echo "| target | idle conns held | achieved/s | answered | errors/non-200/unfinished | p50 ms | p99 ms | +p50 ms | +p99 ms | CPU µs/req | CPU % |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'|' '
    function g(k, s,   r) { r = s; if (!match(r, "\"" k "\":[-0-9.]+")) return ""; r = substr(r, RSTART, RLENGTH); sub(/.*:/, "", r); return r + 0 }
    { name[NR] = $1; held[NR] = $2; j[NR] = $3; cpu[NR] = $4; pct[NR] = $5; if ($1 == "direct") { d50 = g("total_p50_us", $3); d99 = g("total_p99_us", $3) } }
    END {
      for (i = 1; i <= NR; i++) {
        p50 = g("total_p50_us", j[i]); p99 = g("total_p99_us", j[i])
        printf "| %s | %d | %.0f | %d | %d/%d/%d | %.2f | %.2f | %+.2f | %+.2f | %s | %s |\n", name[i], held[i],
          g("rps", j[i]), g("n", j[i]), g("errors", j[i]), g("non200", j[i]), g("unfinished", j[i]),
          p50 / 1000, p99 / 1000, (p50 - d50) / 1000, (p99 - d99) / 1000, cpu[i], pct[i]
      }
    }' "$OUT/idle-rows.txt"
  echo
  local d n g
  d=$(awk -F'|' '$1 == "direct" {print $3}' "$OUT/idle-rows.txt")
  n=$(awk -F'|' '$1 == "nginx+idle"' "$OUT/idle-rows.txt")
  g=$(awk -F'|' '$1 == "switchboard+idle"' "$OUT/idle-rows.txt")
  local ncpu gcpu na ga n99 g99 rc ra
  ncpu=$(cut -d'|' -f4 <<<"$n"); gcpu=$(cut -d'|' -f4 <<<"$g")
  na=$(( $(json_get total_p50_us "$(cut -d'|' -f3 <<<"$n")") - $(json_get total_p50_us "$d") ))
  ga=$(( $(json_get total_p50_us "$(cut -d'|' -f3 <<<"$g")") - $(json_get total_p50_us "$d") ))
  n99=$(( $(json_get total_p99_us "$(cut -d'|' -f3 <<<"$n")") - $(json_get total_p99_us "$d") ))
  g99=$(( $(json_get total_p99_us "$(cut -d'|' -f3 <<<"$g")") - $(json_get total_p99_us "$d") ))
  rc=$(awk -v a="$gcpu" -v b="$ncpu" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
  ra=$(awk -v a="$ga" -v b="$na" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
  echo "- With $idle_n idle connections, switchboard's CPU per request: $gcpu µs = **${rc:-?} × nginx's** ($ncpu µs); bar ≤ 1.5 ×: $(bar "$rc" le 1.5)."
  echo "- Added p50 at 1,000 req/s: switchboard +$(ms "$ga") ms = **${ra:-?} × nginx's** (+$(ms "$na") ms); bar ≤ 2 ×: $(bar "$ra" le 2). Added p99: switchboard +$(ms "$g99") ms, nginx +$(ms "$n99") ms."
  echo
}

# streams_run NAME URL PID MOCK_PID : conns stream against URL while sampling PID's descriptors;
# prints "STREAMS_JSON {...}|peak RSS kB|most fds|fd soft limit|mock CPU %"
streams_run() {
  local name="$1" url="$2" pid="$3" mock="$4" maxfd=0 fds lim m0 m1 s0 s1
  lim=$(awk '/Max open files/ {print $4}' "/proc/$pid/limits")
  m0=$(cpu_us "$mock"); s0=$(date +%s.%N)
  log "streams: $name: ${STREAMS:-9000} streams"
  taskset -c 1 "$CONNS" stream -u "$url" -b "$OUT/sse.json" -n "${STREAMS:-9000}" \
    -R "${STREAMS_RATE:-10000}" -T "${STREAMS_TIMEOUT:-60}" >"$OUT/streams-$name.txt" 2>&1 &
  local c=$!
  while kill -0 "$c" 2>/dev/null; do
    fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    [ "$fds" -gt "$maxfd" ] && maxfd=$fds
    sleep 0.5
  done
  wait "$c"
  m1=$(cpu_us "$mock"); s1=$(date +%s.%N)
  echo "$(grep STREAMS_JSON "$OUT/streams-$name.txt")|$(hwm_kb "$pid")|$maxfd|$lim|$(awk -v c="$((m1 - m0))" -v a="$s0" -v b="$s1" 'BEGIN { printf "%.0f", c / 1e4 / (b - a) }')"
}

streams() {
  conns_bin || return 1
  local total="${STREAMS:-9000}"
  echo "### $total concurrent SSE streams (20 chunks, 250 ms apart)"
  echo
  restart_mock MOCK_CHUNK_DELAY_MS=250 MOCK_CHUNKS=20
  local mock_pid; mock_pid=$(cat "$RUN/mockllm.pid" 2>/dev/null)
  local mock_lim; mock_lim=$(awk '/Max open files/ {print $4}' "/proc/$mock_pid/limits" 2>/dev/null)
  sed 's/[[:space:]]*$//; s/"stream":false/"stream":true/' "$HARNESS/lib/body.json" >"$OUT/sse.json"
  local rows=()
  start_gateway "$HERE/gateway-bench.json" || return 1
  rows+=("switchboard|$(streams_run switchboard "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$GW_PID" "$mock_pid")")
  stop_gateway
  if [ "${STREAMS_NGINX:-1}" = 1 ]; then
    # The harness's conf allows 8,192 connections per worker: raise it for two per stream.
    start_nginx nginx-streams 18090 \
      's|worker_connections 8192;|worker_connections 20000;|; s|^worker_processes 1;|&\nworker_rlimit_nofile 20000;|' || return 1
    rows+=("nginx|$(streams_run nginx "http://127.0.0.1:18090/v1/chat/completions" "$NGINX_WORKER" "$mock_pid")")
    stop_nginx
  fi
  restart_mock
  echo "Client: \`conns stream -n $total -R ${STREAMS_RATE:-10000}\` (one connection per stream, connected at $(( ${STREAMS_RATE:-10000} / 10 )) per 100 ms), streams not done ${STREAMS_TIMEOUT:-60} s after the first connect count as unfinished. Complete = status 200, \`data: [DONE]\` and the last chunk. Times from the first connect. Peak RSS = VmHWM of the switchboard process or the nginx worker. Mock: mockllm, open-file limit $mock_lim."
  echo
  echo "| proxy | complete | non-200 / no [DONE] / errors / unfinished | ramp-up (all connected) | streaming at once | first / last complete | stream p50 / max | peak RSS | most fds (limit) | mock CPU % |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local r name j peak fds lim mcpu notes=""
  for r in "${rows[@]}"; do
    IFS='|' read -r name j peak fds lim mcpu <<<"$r"
    j="${j#STREAMS_JSON }"
    echo "| $name | $(json_get complete "$j") of $(json_get n "$j") | $(json_get non200 "$j") / $(json_get no_done "$j") / $(json_get errors "$j") / $(json_get unfinished "$j") | $(json_get ramp_ms "$j") ms ($(json_get all_connected_ms "$j") ms) | $(json_get max_streaming "$j") | $(json_get first_done_ms "$j") / $(json_get last_done_ms "$j") ms | $(json_get stream_p50_ms "$j") / $(json_get stream_max_ms "$j") ms | $((peak / 1024)) MB | $fds ($lim) | $mcpu |"
    local err; err=$(sed -n 's/.*"first_error":"\([^"]*\)".*/\1/p' <<<"$j")
    [ -n "$err" ] && notes+="- $name: first client error: $err"$'\n'
  done
  echo
  [ -n "$notes" ] && printf '%s\n' "$notes"
  IFS='|' read -r name j peak fds lim mcpu <<<"${rows[0]}"
  local complete; complete=$(json_get complete "${j#STREAMS_JSON }")
  echo "- switchboard: $complete of $total streams complete ($(bar "$complete" ge "$total")), peak RSS $((peak / 1024)) MB (bar ≤ 300 MB: $(bar "$((peak / 1024))" le 300))."
  echo
}

tls() {
  echo "### HTTPS termination: nginx \`listen ssl\` vs switchboard \`server.tls\`"
  echo
  restart_mock
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -keyout "$OUT/tls.key" -out "$OUT/tls.crt" -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 2>/dev/null || { log "openssl failed"; return 1; }
  mkdir -p "$OUT/nginx-tls-tmp"
  sed -e "s|@RUN@|$OUT|g; s|@PORT@|18443 ssl|; s|@UPSTREAM@|127.0.0.1:18080|; s|@WORKERS@|1|" \
      -e "s|nginx-proxy-tmp|nginx-tls-tmp|g" \
      -e "s|listen 127.0.0.1:18443 ssl backlog=4096;|&\n        ssl_certificate $OUT/tls.crt;\n        ssl_certificate_key $OUT/tls.key;|" \
      "$HARNESS/nginx/proxy.conf.in" >"$OUT/nginx-tls.conf"
  taskset -c 0 nginx -c "$OUT/nginx-tls.conf" -p "$OUT" -g 'daemon off;' 2>"$OUT/nginx-tls.log" &
  local nginx_pid=$!
  sleep 0.5
  log "tls: nginx"
  local nginx; nginx=$(wrk_cpu "$(pgrep -P "$nginx_pid" | head -1)" "https://127.0.0.1:18443/v1/chat/completions")
  kill -QUIT "$nginx_pid"; wait "$nginx_pid" 2>/dev/null
  # bench/gateway-bench.json with server.tls added.
  sed "s|\"schemaVersion\": 1,|\"schemaVersion\": 1,\n  \"server\": { \"tls\": { \"certFile\": \"$OUT/tls.crt\", \"keyFile\": \"$OUT/tls.key\" } },|" \
    "$HERE/gateway-bench.json" >"$OUT/gateway-tls.json"
  rm -rf "$OUT/data"
  taskset -c 0 "$BIN" serve --config "$OUT/gateway-tls.json" --data-dir "$OUT/data" \
    --listen "127.0.0.1:$GW_PORT" >"$OUT/gateway.log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 100); do curl -s -o /dev/null --cacert "$OUT/tls.crt" "https://127.0.0.1:$GW_PORT/healthz" && break; sleep 0.1; done
  log "tls: switchboard"
  local gw; gw=$(wrk_cpu "$GW_PID" "https://127.0.0.1:$GW_PORT/v1/chat/completions")
  stop_gateway
  # Memory with 2,000 streams open at once, each on its own TLS session (250 ms per chunk).
  restart_mock MOCK_CHUNK_DELAY_MS=250 MOCK_CHUNKS=20
  rm -rf "$OUT/data"
  taskset -c 0 "$BIN" serve --config "$OUT/gateway-tls.json" --data-dir "$OUT/data" \
    --listen "127.0.0.1:$GW_PORT" >"$OUT/gateway.log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 100); do curl -s -o /dev/null --cacert "$OUT/tls.crt" "https://127.0.0.1:$GW_PORT/healthz" && break; sleep 0.1; done
  sleep 1
  local idle; idle=$(rss_kb "$GW_PID")
  log "tls: 2,000 streams over TLS"
  local streams
  streams=$(taskset -c 1 node "$HERE/tls-streams.mjs" "https://127.0.0.1:$GW_PORT/v1/chat/completions" \
    "$OUT/tls.crt" 2000 "$HARNESS/lib/body.json")
  local peak; peak=$(hwm_kb "$GW_PID")
  stop_gateway
  restart_mock
  echo "| target | req/s | CPU µs/req | non-2xx |"
  echo "|---|---:|---:|---:|"
  echo "| nginx (TLS) | ${nginx// / | } |"
  echo "| switchboard (TLS) | ${gw// / | } |"
  echo
  echo "2,000 streams at once over TLS: idle RSS $((idle / 1024)) MB, peak RSS $((peak / 1024)) MB; $streams"
  echo
  read -r nr nc _ <<<"$nginx"; read -r gr gc _ <<<"$gw"
  awk -v nr="$nr" -v nc="$nc" -v gr="$gr" -v gc="$gc" 'BEGIN {
    printf "switchboard over HTTPS: %.2f × nginx'"'"'s throughput, %.2f × its CPU per request.\n", gr / nr, gc / nc }'
  echo
}

# The Anthropic-format mock (nginx, fixed answers) on port 18083, pinned to CPU 1.
start_anthropic_mock() {
  mkdir -p "$OUT/anthropic-mock-tmp"
  sed -e "s|@RUN@|$OUT|g; s|@PORT@|18083|" "$HERE/anthropic-mock.conf.in" >"$OUT/anthropic-mock.conf"
  taskset -c 1 nginx -c "$OUT/anthropic-mock.conf" -p "$OUT" -e "$OUT/anthropic-mock.error.log" \
    -g 'daemon off;' 2>"$OUT/anthropic-mock.log" &
  ANTHROPIC_MOCK_PID=$!
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:18083/health" && return 0
    sleep 0.1
  done
  log "the Anthropic mock did not start"; cat "$OUT/anthropic-mock.log" >&2; return 1
}

translate() {
  echo "### Translation: OpenAI client to an Anthropic-format upstream, against the pass-through"
  echo
  restart_mock
  start_anthropic_mock || return 1
  start_gateway "$HERE/gateway-translate.json" || { kill -QUIT "$ANTHROPIC_MOCK_PID"; return 1; }
  local url="http://127.0.0.1:$GW_PORT/v1/chat/completions" model stream row
  echo "| Route | Stream | Requests/s | CPU µs/req | non-2xx |"
  echo "|---|---|---:|---:|---:|"
  : >"$OUT/translate-rows.txt"
  for stream in 0 1; do
    for model in gpt-4o-mini claude-json; do
      [ "$model" = claude-json ] && [ "$stream" = 1 ] && model=claude-sse
      sed "s/\"model\":\"gpt-4o-mini\"/\"model\":\"$model\"/" "$HARNESS/lib/body.json" >"$OUT/body-$model.json"
      # The answer must be right before its speed counts: 200 and the upstream's text in
      # OpenAI's format (the whole answer's sentence, or the stream's chunks and [DONE]).
      local check="$OUT/check-$model-$stream.txt" code
      code=$(sed "s/\"stream\":false/\"stream\":$([ "$stream" = 1 ] && echo true || echo false)/" \
        "$OUT/body-$model.json" | curl -s -o "$check" -w '%{http_code}' \
        -H 'Content-Type: application/json' --data-binary @- "$url")
      if [ "$code" != 200 ] || ! grep -q "$([ "$stream" = 1 ] && echo '\[DONE\]' || echo 'fixed answer')" "$check"; then
        echo "| $model | $stream | wrong answer (status $code, $check) | | |"
        continue
      fi
      row=$(BODY_FILE="$OUT/body-$model.json" STREAM=$stream wrk_cpu "$GW_PID" "$url")
      echo "$model $stream $row" >>"$OUT/translate-rows.txt"
      read -r rps cpu errors <<<"$row"
      echo "| $([ "$model" = gpt-4o-mini ] && echo "OpenAI pass-through" || echo "Anthropic translation") | $([ "$stream" = 1 ] && echo SSE || echo JSON) | $rps | $cpu | $errors |"
    done
  done
  stop_gateway
  kill -QUIT "$ANTHROPIC_MOCK_PID" 2>/dev/null; wait "$ANTHROPIC_MOCK_PID" 2>/dev/null
  (cd "$HARNESS" && ./mock-upstream stop >/dev/null 2>&1)
  echo
  awk 'NR == FNR && $2 == 0 { json[$1] = $4; next } $2 == 1 { sse[$1] = $4 } END {
    printf "Translated CPU per request: %.2f × the pass-through'"'"'s for JSON, %.2f × for SSE (issue 11 aim: ≤ 2).\n",
      json["claude-json"] / json["gpt-4o-mini"], sse["claude-sse"] / sse["gpt-4o-mini"] }' \
    "$OUT/translate-rows.txt" "$OUT/translate-rows.txt"
  echo
}

# The same gateway and config with and without a gateway key: open (no key in the data dir),
# then a key with requests-per-minute and tokens-per-minute limits (high enough that nothing is
# refused, so every request pays the full check, reservation and settlement), alternated
# open/keyed GOV_ROUNDS times (3) so that drift on the machine hits both. Issue 12 bar: keyed throughput
# ≥ 0.9 × open; the table shows the CPU the key and limits add per request.
governance() {
  echo "### Governance: a gateway key with RPM/TPM limits against no auth"
  echo
  restart_mock
  local url="http://127.0.0.1:$GW_PORT/v1/chat/completions" open_dir="$OUT/data-open" keyed_dir="$OUT/data-keyed" key round mode row
  rm -rf "$open_dir" "$keyed_dir"
  mkdir -p "$open_dir" "$keyed_dir"
  key=$("$BIN" keys create --name bench --rpm 1000000000 --tpm 1000000000000 --data-dir "$keyed_dir" --json |
    sed -n 's/.*"key": *"\([^"]*\)".*/\1/p')
  [ -n "$key" ] || { log "switchboard keys create failed"; return 1; }
  : >"$OUT/governance-rows.txt"
  echo "| Run | Auth | Requests/s | CPU µs/req | non-2xx |"
  echo "|---|---|---:|---:|---:|"
  for round in $(seq "${GOV_ROUNDS:-3}"); do
    for mode in open keyed; do
      if [ "$mode" = open ]; then start_gateway "$HERE/gateway-bench.json" "$open_dir" || return 1
      else start_gateway "$HERE/gateway-bench.json" "$keyed_dir" || return 1; fi
      # The key must be required and accepted before its speed counts.
      if [ "$mode" = keyed ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
          --data-binary @"$HARNESS/lib/body.json" "$url")" != 401 ]; then
        echo "| $round | $mode | no 401 without the key | | |"; stop_gateway; continue
      fi
      if [ "$mode" = keyed ]; then row=$(AUTH="Bearer $key" wrk_cpu "$GW_PID" "$url")
      else row=$(wrk_cpu "$GW_PID" "$url"); fi
      stop_gateway
      echo "$mode $row" >>"$OUT/governance-rows.txt"
      read -r rps cpu errors <<<"$row"
      echo "| $round | $([ "$mode" = open ] && echo "none (open)" || echo "key, RPM + TPM limits") | $rps | $cpu | $errors |"
    done
  done
  (cd "$HARNESS" && ./mock-upstream stop >/dev/null 2>&1)
  echo
  awk '$1 == "open" { or += $2; oc += $3; on++ } $1 == "keyed" { kr += $2; kc += $3; kn++ } END {
    printf "Keyed throughput: %.2f × open (issue 12 bar: ≥ 0.9); CPU per request %.1f µs against %.1f µs: +%.1f µs for the key and its limits.\n",
      (kr / kn) / (or / on), kc / kn, oc / on, kc / kn - oc / on }' "$OUT/governance-rows.txt"
  echo
}

what="${1:-all}"
report() {
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — \`bench/run.sh $what\`"
  echo
  echo "    $(uname -srm), $(nproc) CPUs: $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')"
  echo "    switchboard $("$BIN" --version | awk '{print $2}') ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)); raw outputs in $OUT"
  echo
  case "$what" in
    throughput) throughput ;;
    capture) capture ;;
    concurrency) concurrency ;;
    memory) memory ;;
    idle) idle ;;
    streams) streams ;;
    tls) tls ;;
    translate) translate ;;
    governance) governance ;;
    all) throughput; capture; concurrency; memory; idle; streams; tls; translate; governance ;;
    *) echo "unknown part '$what' (throughput|capture|concurrency|memory|idle|streams|tls|translate|governance|all)" >&2; return 2 ;;
  esac
}
if [ "${RECORD:-0}" = 1 ]; then
  report | tee -a "$HERE/RESULTS.md"
else
  report
fi
