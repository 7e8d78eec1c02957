#!/usr/bin/env bash
# build.sh DIR [cmake args…]: configure (once) and build one tree with every core.
set -euo pipefail
dir=$1; shift
cmake -S "$(dirname "$0")/.." -B "$dir" -G Ninja "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
