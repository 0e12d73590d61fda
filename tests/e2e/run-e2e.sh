#!/usr/bin/env bash
# End-to-end test of the Switchboard gateway with an official npm client: `openai`
# (openai-client.test.mjs), or the suite SWITCHBOARD_E2E_TEST names (anthropic-sdk.test.mjs,
# responses-clients.test.mjs, provider-backends.test.mjs; the last one also starts a second
# gateway and a fake upstream of its own, under SWITCHBOARD_WORK_DIR).
#
# Usage: run-e2e.sh SWITCHBOARD_BINARY BUILD_DIR [extra `node --test` arguments...]
#
#  1. installs the packages pinned in package.json (beside this script; lib.sh) into
#     BUILD_DIR/e2e-node with npm, reusing an earlier install of the same versions;
#  2. starts `SWITCHBOARD_BINARY serve --listen 127.0.0.1:0` on a fresh temporary data dir
#     (embedded config, built-in mock backend) and reads the bound port from its stdout;
#  3. runs `node --test` on the suite against it;
#  4. stops the gateway with SIGTERM (always, by trap) and checks that it exited 0.
# With SWITCHBOARD_E2E_TLS=1 the gateway serves HTTPS (server.tls) with a certificate made by the
# openssl command, which the client trusts through NODE_EXTRA_CA_CERTS: the same suite over TLS.
# Exits with node's status (or 1 if the setup failed or the gateway did not stop cleanly).
# Set SWITCHBOARD_E2E_KEEP=1 to keep the temporary data dir and gateway logs.

set -euo pipefail

E2E_NAME=run-e2e
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TEST_FILE_NAME="${SWITCHBOARD_E2E_TEST:-openai-client.test.mjs}"
[[ -f "$SCRIPT_DIR/$TEST_FILE_NAME" ]] || die "no test suite $SCRIPT_DIR/$TEST_FILE_NAME"
START_TIMEOUT_S=20
STOP_TIMEOUT_S=15

e2e_args "$@"
shift 2
require_node

# --- 1. the pinned packages; the test imports 'openai'.
install_pinned_packages "$TEST_FILE_NAME"

# --- 2. the gateway ------------------------------------------------------------------------
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-e2e.XXXXXX")"
DATA_DIR="$WORK_DIR/data"
mkdir -p "$DATA_DIR"
SERVER_OUT="$WORK_DIR/server.stdout"
SERVER_ERR="$WORK_DIR/server.stderr"
SERVER_PID=""
SERVER_STATUS=""
STATUS=1

show_server_logs() {
    echo "----- gateway stdout ($SERVER_OUT) -----" >&2
    cat "$SERVER_OUT" >&2 2>/dev/null || true
    echo "----- gateway stderr ($SERVER_ERR) -----" >&2
    tail -n 100 "$SERVER_ERR" >&2 2>/dev/null || true
    echo "-----" >&2
}

# Stops the gateway with SIGTERM (SIGKILL after STOP_TIMEOUT_S) and sets SERVER_STATUS.
stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    local pid="$SERVER_PID"
    SERVER_PID=""
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local deadline=$((SECONDS + STOP_TIMEOUT_S))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "run-e2e: gateway (pid $pid) did not stop within ${STOP_TIMEOUT_S}s of SIGTERM; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    SERVER_STATUS=0
    wait "$pid" 2>/dev/null || SERVER_STATUS=$?
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_server
    if [[ "$STATUS" -eq 0 && "${SWITCHBOARD_E2E_KEEP:-0}" != "1" ]]; then
        rm -rf "$WORK_DIR"
    else
        echo "run-e2e: kept the gateway's data dir and logs in $WORK_DIR" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SCHEME=http
CONFIG_ARGS=()
if [[ "${SWITCHBOARD_E2E_TLS:-0}" == "1" ]]; then
    command -v openssl >/dev/null 2>&1 || die "openssl is not installed (apt-get install openssl)"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -keyout "$WORK_DIR/gateway.key" -out "$WORK_DIR/gateway.crt" -subj /CN=127.0.0.1 \
        -addext subjectAltName=IP:127.0.0.1 2>/dev/null || die "openssl could not make a certificate"
    # The embedded default config, plus server.tls.
    node -e 'const fs = require("fs");
             const c = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
             c.server = Object.assign(c.server || {}, { tls: { certFile: process.argv[2], keyFile: process.argv[3] } });
             fs.writeFileSync(process.argv[4], JSON.stringify(c, null, 2));' \
        "$SCRIPT_DIR/../../resources/default-config.json" "$WORK_DIR/gateway.crt" \
        "$WORK_DIR/gateway.key" "$WORK_DIR/config.json"
    CONFIG_ARGS=(--config "$WORK_DIR/config.json")
    SCHEME=https
    export NODE_EXTRA_CA_CERTS="$WORK_DIR/gateway.crt"
fi

: >"$SERVER_OUT"
: >"$SERVER_ERR"
"$BIN" serve "${CONFIG_ARGS[@]}" --listen 127.0.0.1:0 --data-dir "$DATA_DIR" >"$SERVER_OUT" 2>"$SERVER_ERR" &
SERVER_PID=$!

BASE_URL=""
deadline=$((SECONDS + START_TIMEOUT_S))
while :; do
    BASE_URL="$(sed -n 's|^Switchboard gateway listening on \(https\{0,1\}://[^ ]*/v1\)[[:space:]]*$|\1|p' "$SERVER_OUT" | head -n 1 || true)"
    [[ -n "$BASE_URL" ]] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        show_server_logs
        die "the gateway exited before it was listening"
    fi
    if ((SECONDS > deadline)); then
        show_server_logs
        die "no 'Switchboard gateway listening on $SCHEME://…/v1' line within ${START_TIMEOUT_S}s"
    fi
    sleep 0.1
done
[[ "$BASE_URL" =~ ^$SCHEME://127\.0\.0\.1:[1-9][0-9]*/v1$ ]] || die "unexpected listening URL: $BASE_URL"
note "gateway (pid $SERVER_PID) listening on $BASE_URL, data dir $DATA_DIR"

# --- 3. the tests --------------------------------------------------------------------------
NODE_STATUS=0
SWITCHBOARD_BASE_URL="$BASE_URL" \
SWITCHBOARD_BIN="$BIN" \
SWITCHBOARD_DATA_DIR="$DATA_DIR" \
SWITCHBOARD_WORK_DIR="$WORK_DIR" \
OPENAI_API_KEY="sk-e2e-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
ANTHROPIC_API_KEY="sk-ant-e2e-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
    node --test "$@" "$NODE_DIR/$TEST_FILE_NAME" || NODE_STATUS=$?

# --- 4. stop the gateway and check it drained cleanly ----------------------------------------
stop_server
STATUS=$NODE_STATUS
if [[ "$SERVER_STATUS" != "0" ]]; then
    show_server_logs
    echo "run-e2e: error: the gateway exited with status $SERVER_STATUS after SIGTERM (expected 0)" >&2
    [[ "$STATUS" -ne 0 ]] || STATUS=1
fi
if [[ "$NODE_STATUS" -ne 0 ]]; then
    show_server_logs
fi
note "node --test exited with status $NODE_STATUS; gateway exit status $SERVER_STATUS"
exit "$STATUS"
