#!/usr/bin/env bash
# Proves bbaccess still runs on the oldest supported Node (22.19, from scripts/node-runtime.sh):
# it builds, prints --version, and draws the demo's first frame in a real terminal (tmux).
set -euo pipefail
cd "$(dirname "$0")/.."
min_bin="$(bash scripts/node-runtime.sh minimum)"
export PATH="$min_bin:$PATH"
echo "minimum: node $(node --version)"
npm run --silent build
version="$(node dist/bin.js --version)"
[ "$version" = "$(node -p 'require("./package.json").version')" ] || { echo "minimum: --version printed '$version'" >&2; exit 1; }
echo "minimum: --version ok ($version)"

# The built command on a Node older than the minimum (the system's, where it has one): one line, exit 2.
for old_node in /usr/bin/node /usr/local/bin/node; do
  [ -x "$old_node" ] || continue
  old_version="$("$old_node" --version)"
  "$old_node" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a<22||(a===22&&b<19)?0:1)' || continue
  set +e
  refusal="$("$old_node" dist/bin.js --version 2>&1)"
  status=$?
  set -e
  expected="bbaccess needs Node.js 22.19 or newer (this is $old_version)"
  [ "$status" = 2 ] && [ "$refusal" = "$expected" ] || { echo "minimum: on $old_version dist/bin.js printed '$refusal' (exit $status)" >&2; exit 1; }
  echo "minimum: $old_version is refused in one line, exit 2"
  break
done

session="bbaccess-min-$$"
home="$(mktemp -d)"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$home"' EXIT
tmux new-session -d -s "$session" -x 120 -y 40 \
  "env HOME=$home XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache XDG_STATE_HOME=$home/state TERM=xterm-256color $min_bin/node dist/bin.js demo; sleep 30"
for _ in $(seq 1 100); do
  screen="$(tmux capture-pane -p -t "$session" 2>/dev/null || true)"
  if grep -q "acme-labs" <<<"$screen"; then
    echo "minimum: demo drew its first frame"
    tmux send-keys -t "$session" q
    exit 0
  fi
  sleep 0.2
done
echo "minimum: the demo drew no workspace list within 20 s; the screen was:" >&2
printf '%s\n' "$screen" >&2
exit 1
