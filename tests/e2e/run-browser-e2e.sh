#!/usr/bin/env bash
# Browser end-to-end test of the gateway's guard against web pages (issue 9, section 3): headless
# Chromium, driven by puppeteer-core, opens pages on other origins that try to get a request run.
#
# Usage: run-browser-e2e.sh SWITCHBOARD_BINARY BUILD_DIR [extra `node --test` arguments...]
#
#  1. installs the packages pinned in package.json (beside this script: `openai` and
#     `puppeteer-core`) into BUILD_DIR/e2e-node with npm, reusing an earlier install of the same
#     versions (the directory is shared with run-e2e.sh, hence ctest's RESOURCE_LOCK);
#  2. runs `node --test browser.test.mjs`, which serves its own pages on 127.0.0.1 port 0, starts
#     `SWITCHBOARD_BINARY serve --listen 127.0.0.1:0` twice (the embedded defaults, and a config
#     that allows the pages' origin) on fresh data dirs under a temporary dir, reads their ports
#     from stdout, and stops them with SIGTERM, checking that each exits 0;
#  3. bounds the run: after NODE_TIMEOUT_S `timeout` ends node's whole process group (the
#     gateways and Chromium with it).
# Chromium is Debian's (`chromium`, /usr/bin/chromium; ./dev.sh installs it as a test package);
# puppeteer-core never downloads a browser. SWITCHBOARD_CHROMIUM overrides the path.
# Exits with node's status (or 1 if the setup failed). Set SWITCHBOARD_E2E_KEEP=1 to keep the
# temporary dir (gateway logs, data dirs, configs).

set -euo pipefail

E2E_NAME=run-browser-e2e
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TEST_FILE_NAME="browser.test.mjs"
NODE_TIMEOUT_S=60

e2e_args "$@"
shift 2
CHROMIUM="${SWITCHBOARD_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || die "Chromium is not installed at $CHROMIUM (apt-get install chromium, or ./dev.sh deps)"
require_node

# --- 1. the pinned packages; the test imports 'puppeteer-core' and serves node_modules/openai
# to the pages.
install_pinned_packages "$TEST_FILE_NAME"

# --- 2. the test ----------------------------------------------------------------------------
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-browser-e2e.XXXXXX")"
STATUS=1
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ "$STATUS" -eq 0 && "${SWITCHBOARD_E2E_KEEP:-0}" != "1" ]]; then
        rm -rf "$WORK_DIR"
    else
        for log in "$WORK_DIR"/*/gateway.stderr; do
            [[ -s "$log" ]] || continue
            echo "----- $log (last 50 lines) -----" >&2
            tail -n 50 "$log" >&2
        done
        echo "run-browser-e2e: kept the gateways' data dirs and logs in $WORK_DIR" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

NODE_STATUS=0
# Without --foreground, `timeout` signals the whole process group it leads: node, the gateways
# it started and Chromium. SIGKILL follows 10 s after SIGTERM.
SWITCHBOARD_BIN="$BIN" \
SWITCHBOARD_WORK_DIR="$WORK_DIR" \
SWITCHBOARD_CHROMIUM="$CHROMIUM" \
SWITCHBOARD_DEFAULT_CONFIG="$SCRIPT_DIR/../../resources/default-config.json" \
    timeout --kill-after=10 "$NODE_TIMEOUT_S" node --test "$@" "$NODE_DIR/$TEST_FILE_NAME" \
    || NODE_STATUS=$?
if [[ "$NODE_STATUS" -eq 124 ]]; then
    echo "run-browser-e2e: error: the test did not finish within ${NODE_TIMEOUT_S}s" >&2
fi
STATUS=$NODE_STATUS
note "node --test exited with status $NODE_STATUS"
exit "$STATUS"
