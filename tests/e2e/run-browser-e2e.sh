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

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEST_FILE_NAME="browser.test.mjs"
NODE_TIMEOUT_S=60

die() { echo "run-browser-e2e: error: $*" >&2; exit 1; }
note() { echo "run-browser-e2e: $*"; }

[[ $# -ge 2 ]] || die "usage: $0 SWITCHBOARD_BINARY BUILD_DIR [node --test args...]"
BIN="$1"
BUILD_DIR="$2"
shift 2
[[ -f "$BIN" && -x "$BIN" ]] || die "switchboard binary not found or not executable: $BIN"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

CHROMIUM="${SWITCHBOARD_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || die "Chromium is not installed at $CHROMIUM (apt-get install chromium, or ./dev.sh deps)"
command -v node >/dev/null 2>&1 || die "node is not installed (Node.js 18 or newer is needed; e.g. apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || die "npm is not installed (e.g. apt-get install npm)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$NODE_MAJOR" =~ ^[0-9]+$ && "$NODE_MAJOR" -ge 18 ]] \
    || die "Node.js 18 or newer is needed (node:test, global fetch), found $(node --version)"

# --- 1. the pinned packages, installed under the build dir (never in the source tree) --------
mkdir -p "$BUILD_DIR"
BUILD_DIR="$(cd "$BUILD_DIR" && pwd)"
NODE_DIR="$BUILD_DIR/e2e-node"
mkdir -p "$NODE_DIR"

json_field() { # FILE JS-EXPRESSION-ON-j
    node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             const v = ('"$2"'); if (v === undefined) process.exit(1); process.stdout.write(String(v));' "$1"
}
installed_matches() { # every pinned dependency is installed at its pinned version
    local name pinned
    cmp -s "$SCRIPT_DIR/package.json" "$NODE_DIR/package.json" || return 1
    for name in openai puppeteer-core; do
        pinned="$(json_field "$SCRIPT_DIR/package.json" "j.dependencies['$name']")" \
            || die "no dependencies['$name'] in $SCRIPT_DIR/package.json"
        [[ "$(json_field "$NODE_DIR/node_modules/$name/package.json" 'j.version' 2>/dev/null || true)" == "$pinned" ]] \
            || return 1
    done
}

if installed_matches; then
    note "reusing the pinned packages in $NODE_DIR"
else
    note "installing the pinned packages (package.json) into $NODE_DIR"
    cp "$SCRIPT_DIR/package.json" "$NODE_DIR/package.json"
    rm -f "$NODE_DIR/package-lock.json"
    npm install --prefix "$NODE_DIR" --no-audit --no-fund || die "npm install failed"
    installed_matches || die "npm did not install the versions pinned in $SCRIPT_DIR/package.json"
fi
# The test imports 'puppeteer-core', which node resolves from the node_modules beside the file,
# and serves node_modules/openai to the pages.
cp "$SCRIPT_DIR/$TEST_FILE_NAME" "$NODE_DIR/$TEST_FILE_NAME"

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
