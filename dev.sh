#!/usr/bin/env bash
# The README's two commands.
#
#   ./dev.sh start [switchboard options]   install what is missing, build, and start Switchboard
#                                          with the embedded defaults (the headless gateway when
#                                          there is no display)
#   ./dev.sh test                          install what is missing, build, and run every test
#   ./dev.sh build                         install what is missing and build
#   ./dev.sh deps [--build-only]           only install what is missing (--build-only: what
#                                          building needs, not the tests; the Containerfile uses it)
#
# Debian 12. Packages are installed with apt-get (as root, or through sudo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# The README's dependency table says what each one is for.
BUILD_PACKAGES=(
  cmake ninja-build g++ pkg-config ccache
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite qt6-svg-dev qt6-qpa-plugins libqt6opengl6-dev libxkbcommon-dev libgl-dev
  libssl-dev openssl libhttp-parser-dev libsimdjson-dev qtkeychain-qt6-dev libsecret-1-0
  libsqlite3-dev zlib1g-dev libmimalloc-dev
  qt6-translations-l10n fonts-noto-cjk
)
TEST_PACKAGES=(
  libgtest-dev googletest sqlite3
  xvfb xauth
  chromium
  gnome-keyring dbus-daemon
)
PACKAGES=("${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}")

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_missing() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # The end-to-end tests use the official openai npm client (and puppeteer-core to drive Chromium);
  # any Node.js >= 18 with npm will do.
  if [ "${#PACKAGES[@]}" -gt "${#BUILD_PACKAGES[@]}" ] && ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  log "configuring and building (build/)"
  if [ ! -f build/build.ninja ]; then
    cmake --preset release >/dev/null
  fi
  cmake --build --preset release -j "$(nproc)"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  start)
    install_missing
    build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      log "no display: starting the headless gateway (Ctrl-C stops it)"
      exec build/app/switchboard serve "$@"
    fi
    exec build/app/switchboard "$@"
    ;;
  test)
    install_missing
    build
    log "running the test suite"
    cd build
    exec ctest --output-on-failure -j "$(nproc)" "$@"
    ;;
  build)
    install_missing
    build
    ;;
  deps)
    [ "${1:-}" = --build-only ] && PACKAGES=("${BUILD_PACKAGES[@]}")
    install_missing
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] || [ "$cmd" = help ] || [ "$cmd" = -h ] || [ "$cmd" = --help ] || exit 2
    ;;
esac
