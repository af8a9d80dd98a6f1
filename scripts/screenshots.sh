#!/usr/bin/env bash
# Regenerate the README screenshots (media/*.png) from a real run of `bbaccess demo` in a
# 120×40 tmux terminal: capture-pane -e (colours) → scripts/ansi-to-svg.ts → rsvg-convert.
# Needs tmux, rsvg-convert (librsvg2-bin) and fonts (DejaVu Sans Mono; WenQuanYi Zen Hei for CJK);
# installs them with apt-get when missing and allowed. Not part of `npm test`.
#
#   npm run screenshots            # all shots into media/
#   KEEP_SVG=1 npm run screenshots # also keep the SVGs next to the PNGs
set -euo pipefail
cd "$(dirname "$0")/.."

COLUMNS_=120
ROWS_=40
OUT=media
SOCKET="bbaccess-shots-$$"
WORK="$(mktemp -d)"

need_install=()
command -v tmux >/dev/null || need_install+=(tmux)
command -v rsvg-convert >/dev/null || need_install+=(librsvg2-bin)
fc-list 2>/dev/null | grep -qi 'DejaVu Sans Mono' || need_install+=(fonts-dejavu-core)
fc-list :lang=zh 2>/dev/null | grep -qi . || need_install+=(fonts-wqy-zenhei)
if [ "${#need_install[@]}" -gt 0 ]; then
	if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
		echo "installing: ${need_install[*]}" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_install[@]}" >&2
	else
		echo "missing: ${need_install[*]} (install them with apt-get, then run again)" >&2
		exit 1
	fi
fi

tmux_() { tmux -L "$SOCKET" -f /dev/null "$@"; }
cleanup() {
	tmux_ kill-server 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# Wait until the screen matches an extended regular expression (default 30 s).
wait_for() {
	local pattern="$1" timeout="${2:-30}" waited=0
	until tmux_ capture-pane -p -t shots | grep -Eq -- "$pattern"; do
		sleep 0.1
		waited=$((waited + 1))
		if [ "$waited" -gt $((timeout * 10)) ]; then
			echo "timed out waiting for /$pattern/; screen:" >&2
			tmux_ capture-pane -p -t shots >&2
			exit 1
		fi
	done
	sleep 0.3 # let the frame settle (Ink renders at most every few ms)
}

shot() {
	local name="$1" title="$2"
	tmux_ capture-pane -e -N -p -t shots >"$WORK/$name.ansi"
	node --import tsx scripts/ansi-to-svg.ts "$WORK/$name.ansi" "$WORK/$name.svg" --cols "$COLUMNS_" --rows "$ROWS_" --title "$title"
	rsvg-convert --zoom 1.5 "$WORK/$name.svg" -o "$OUT/$name.png"
	if [ -n "${KEEP_SVG:-}" ]; then cp "$WORK/$name.svg" "$OUT/$name.svg"; fi
	echo "$OUT/$name.png"
}

mkdir -p "$OUT"
# Latency makes the sync screen visible long enough to capture it mid-way.
tmux_ new-session -d -s shots -x "$COLUMNS_" -y "$ROWS_" \
	"env TERM=xterm-256color COLORTERM=truecolor NO_COLOR= node --import tsx source/cli.tsx demo --latency-ms 250; echo EXIT=\$?; sleep 600"

wait_for 'Syncing…' 60
wait_for '^ +acme-labs +[█░]+ +[0-9]+/' 60
shot sync-screen 'bbaccess demo — first sync'

wait_for 'Acme Corp' 60
shot workspaces 'bbaccess demo — workspaces'

tmux_ send-keys -t shots Enter
wait_for 'Repositories [0-9]+'
tmux_ send-keys -t shots 4
wait_for 'REPOSITORY'
shot workspace-repositories 'bbaccess demo — acme › repositories'

tmux_ send-keys -t shots /
wait_for '^/'
tmux_ send-keys -t shots -l api-gateway
wait_for 'filtered from'
tmux_ send-keys -t shots Enter
until ! tmux_ capture-pane -p -t shots | grep -q '^/'; do sleep 0.1; done
tmux_ send-keys -t shots Enter
# Opening a repository loads its explicit grants (tier 2); wait for them.
wait_for '\(lilei\) +ADMIN'
shot repository-access 'bbaccess demo — who can reach acme/api-gateway, and why'

# The describe pane (d): every source of Dana Scully's access, and what could change it.
tmux_ send-keys -t shots /
wait_for '^/'
tmux_ send-keys -t shots -l dscully
wait_for 'filtered from'
tmux_ send-keys -t shots Enter
until ! tmux_ capture-pane -p -t shots | grep -q '^/'; do sleep 0.1; done
tmux_ send-keys -t shots d
wait_for 'Explicit entries that could be changed'
shot describe 'bbaccess demo — d describes where access comes from'
tmux_ send-keys -t shots Escape
wait_for '/dscully'
tmux_ send-keys -t shots Escape
until tmux_ capture-pane -p -t shots | grep -q '1 of '; do sleep 0.1; done

tmux_ send-keys -t shots :
wait_for '^:'
tmux_ send-keys -t shots -l 'user lilei'
wait_for '^:user lilei'
tmux_ send-keys -t shots Enter
wait_for '› 李雷 \(lilei\)'
shot person 'bbaccess demo — what 李雷 (lilei) can reach'

tmux_ send-keys -t shots '?'
wait_for '│ Navigation'
shot help 'bbaccess demo — keys (?)'

tmux_ send-keys -t shots Escape
sleep 0.3
tmux_ send-keys -t shots q
wait_for 'EXIT=0' 10
