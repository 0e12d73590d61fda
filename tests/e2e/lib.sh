# Sourced by run-e2e.sh and run-browser-e2e.sh: their arguments, Node.js, and the npm packages
# pinned in package.json (beside this file), installed under BUILD_DIR/e2e-node, never in the
# source tree. Set E2E_NAME (for messages) before sourcing.

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "$E2E_NAME: error: $*" >&2; exit 1; }
note() { echo "$E2E_NAME: $*"; }

# e2e_args SWITCHBOARD_BINARY BUILD_DIR ...: sets BIN and BUILD_DIR (absolute); the caller
# shifts the two away.
e2e_args() {
    [[ $# -ge 2 ]] || die "usage: $0 SWITCHBOARD_BINARY BUILD_DIR [node --test args...]"
    BIN="$1"
    [[ -f "$BIN" && -x "$BIN" ]] || die "switchboard binary not found or not executable: $BIN"
    BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
    mkdir -p "$2"
    BUILD_DIR="$(cd "$2" && pwd)"
}

require_node() {
    command -v node >/dev/null 2>&1 || die "node is not installed (Node.js 18 or newer is needed; e.g. apt-get install nodejs npm)"
    command -v npm >/dev/null 2>&1 || die "npm is not installed (e.g. apt-get install npm)"
    NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
    [[ "$NODE_MAJOR" =~ ^[0-9]+$ && "$NODE_MAJOR" -ge 18 ]] \
        || die "Node.js 18 or newer is needed (node:test, global fetch), found $(node --version)"
    if ((NODE_MAJOR < 20)); then
        note "warning: Node.js $(node --version); the openai package supports Node.js 20 and newer"
    fi
}

json_field() { # FILE JS-EXPRESSION-ON-j
    node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             const v = ('"$2"'); if (v === undefined) process.exit(1); process.stdout.write(String(v));' "$1"
}

# Every dependency of package.json is installed in NODE_DIR at its pinned version.
installed_matches() {
    local name pinned
    cmp -s "$SCRIPT_DIR/package.json" "$NODE_DIR/package.json" || return 1
    for name in $(json_field "$SCRIPT_DIR/package.json" 'Object.keys(j.dependencies).join(" ")'); do
        pinned="$(json_field "$SCRIPT_DIR/package.json" "j.dependencies['$name']")"
        [[ "$(json_field "$NODE_DIR/node_modules/$name/package.json" 'j.version' 2>/dev/null || true)" == "$pinned" ]] \
            || return 1
    done
}

# install_pinned_packages TEST_FILE: the packages into NODE_DIR (reusing an earlier install of
# the same versions; ctest's RESOURCE_LOCK keeps two scripts from installing at once), and the
# test file with the modules it shares with other suites (*.mjs that are not *.test.mjs) beside
# their node_modules, where node resolves its imports.
install_pinned_packages() {
    NODE_DIR="$BUILD_DIR/e2e-node"
    mkdir -p "$NODE_DIR"
    if installed_matches; then
        note "reusing the pinned packages in $NODE_DIR"
    else
        note "installing the packages pinned in package.json into $NODE_DIR"
        cp "$SCRIPT_DIR/package.json" "$NODE_DIR/package.json"
        rm -f "$NODE_DIR/package-lock.json"
        npm install --prefix "$NODE_DIR" --no-audit --no-fund || die "npm install failed"
        installed_matches || die "npm did not install the versions pinned in $SCRIPT_DIR/package.json"
    fi
    cp "$SCRIPT_DIR/$1" "$NODE_DIR/$1"
    local module
    for module in "$SCRIPT_DIR"/*.mjs; do
        [[ "$module" == *.test.mjs ]] || cp "$module" "$NODE_DIR/"
    done
}
