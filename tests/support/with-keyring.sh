#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with its own, unlocked GNOME Keyring (the Secret
# Service that QtKeychain talks to), so that keychain tests work headless and never touch the
# user's own keyring.
#
# Usage: with-keyring.sh COMMAND [ARGS...]
# Needs dbus-run-session (dbus-daemon) and gnome-keyring-daemon; ./dev.sh installs both.
set -euo pipefail

for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "with-keyring: $tool is not installed (apt-get install dbus-daemon gnome-keyring)" >&2
        exit 1
    }
done

home="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-keyring.XXXXXX")"
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/data" "$home/config" "$home/run"
chmod 700 "$home/run"
# The keyring file lives here, not in the user's home.
export XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_RUNTIME_DIR="$home/run"
# An empty password would make the daemon ask a GUI prompter; a random one unlocks it at once.
password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

# dbus-daemon warns that it cannot raise its fd limit when not run by systemd; that is harmless.
dbus-run-session -- bash -c '
    printf "%s" "$1" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || {
        echo "with-keyring: gnome-keyring-daemon did not start" >&2; exit 1; }
    shift
    exec "$@"' with-keyring "$password" "$@" 2> >(grep -v "Failed to set fd limit" >&2)
