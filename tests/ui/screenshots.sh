#!/usr/bin/env bash
# Screenshots of every console page, in light and dark mode, as a person would see them:
# the real app under Xvfb with the demo config, with traffic sent through its gateway.
#
#   tests/ui/screenshots.sh [BUILD_DIR] [OUT_DIR]     (defaults: build, /tmp/switchboard-screenshots)
#
# Needs xvfb (./dev.sh installs it). Writes <page>-<theme>-<lang>-<size>.png into OUT_DIR: every
# page, in light and dark, in English, German and Chinese, on a 1280x800 and a 1024x640 screen.
# The pseudo-page "backend-dialog" is the Add-backend dialog for every backend type, filled in
# and with its errors shown (backend-dialog-<theme>-<lang>-<size>-<type>[-errors].png); it fails
# when a dialog is larger than the screen.
# Narrow it down with SCREENSHOT_PAGES="settings backends", SCREENSHOT_THEMES="dark",
# SCREENSHOT_LANGUAGES="de", SCREENSHOT_SIZES="1024x640"; SCREENSHOT_CONFIG=FILE replaces the
# demo config.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
OUT="${2:-/tmp/switchboard-screenshots}"
BIN="$BUILD/app/switchboard"
GRAB="$BUILD/tests/ui/grab_screen"
DIALOGS="$BUILD/tests/ui/dialog_shots"
CONFIG="${SCREENSHOT_CONFIG:-$ROOT/resources/demo-config.json}"
[ -x "$BIN" ] && [ -x "$GRAB" ] || { echo "build first: cmake --build $BUILD" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT

export XDG_CONFIG_HOME="$WORK/config" XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

PORT=$((20000 + RANDOM % 20000))
traffic() { # a mix of requests through the gateway: plain, streamed, errors, several models
  local url="http://127.0.0.1:$PORT/v1" pids
  for i in $(seq 1 40); do
    pids=()
    curl -s -o /dev/null "$url/chat/completions" -H 'Content-Type: application/json' \
      -H 'Content-Type: application/json' -d "{\"model\":\"mock-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Question $i: what does a gateway do?\"}]}" &
    pids+=($!)
    curl -s -o /dev/null -N "$url/chat/completions" -H 'Content-Type: application/json' \
      -d "{\"model\":\"mock-smart\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Stream $i\"}]}" &
    pids+=($!)
    if [ $((i % 7)) = 0 ]; then
      curl -s -o /dev/null "$url/chat/completions" -H 'Content-Type: application/json' -d '{"model":"gpt-unknown","messages":[{"role":"user","content":"x"}]}' &
      pids+=($!)
    fi
    if [ $((i % 9)) = 0 ]; then
      curl -s -o /dev/null "$url/chat/completions" -H 'Content-Type: application/json' -d '{"model":"flaky","messages":[{"role":"user","content":"x"}]}' &
      pids+=($!)
    fi
    wait "${pids[@]}" # only these: Xvfb and the app run in the background too
    sleep 0.1
  done
}

# A display of our own, of the given size; the previous one stops.
xvfb=""
start_display() {
  [ -n "$xvfb" ] && { kill "$xvfb"; wait "$xvfb" 2>/dev/null || true; }
  DISPLAY_NUMBER=$((90 + RANDOM % 100))
  Xvfb ":$DISPLAY_NUMBER" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  export DISPLAY=":$DISPLAY_NUMBER"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUMBER" ] && break; sleep 0.1; done
}

for size in ${SCREENSHOT_SIZES:-1280x800 1024x640}; do
start_display "$size"
for language in ${SCREENSHOT_LANGUAGES:-en de zh_CN}; do
for theme in ${SCREENSHOT_THEMES:-light dark}; do
  mkdir -p "$XDG_CONFIG_HOME/switchboard"
  printf '[appearance]\ntheme=%s\nlanguage=%s\n' "$theme" "$language" \
    >"$XDG_CONFIG_HOME/switchboard/console.conf"
  for page in ${SCREENSHOT_PAGES:-dashboard logs usage replay backends backend-dialog models keys settings}; do
    shot="$OUT/$page-$theme-$language-$size.png"
    if [ "$page" = backend-dialog ]; then
      "$DIALOGS" "${shot%.png}"
      continue
    fi
    "$BIN" --config "$CONFIG" --data-dir "$WORK/data" --listen "127.0.0.1:$PORT" --page "$page" >"$WORK/app.log" 2>&1 &
    app=$!
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
    if ! kill -0 "$app" 2>/dev/null; then
      grep -q "there is no page" "$WORK/app.log" && { echo "skip $page (no such page yet)"; continue; }
      cat "$WORK/app.log" >&2; exit 1
    fi
    # The dashboard's live range charts what it saw while open: send traffic to every run of it.
    if [ ! -f "$WORK/traffic-sent" ] || [ "$page" = dashboard ]; then traffic; touch "$WORK/traffic-sent"; fi
    sleep 3 # let the dashboard sample and the log page poll
    "$GRAB" "$shot"
    echo "$shot"
    kill "$app"; wait "$app" 2>/dev/null || true
  done
done
done
done
