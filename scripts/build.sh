#!/usr/bin/env bash
# build.sh DIR [cmake args…]: configure and build one tree with every core. NORBOOT_BUILD_TARGET
# builds only that target (the demo: norboot) instead of everything.
set -euo pipefail
dir=$1; shift
cmake -S "$(dirname "$0")/.." -B "$dir" -G Ninja "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" ${NORBOOT_BUILD_TARGET:+--target "$NORBOOT_BUILD_TARGET"}
