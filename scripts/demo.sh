#!/usr/bin/env bash
# The demo: install, build, run `norboot demo` in a fresh state directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
NORBOOT_TARGET=0 bash scripts/install-deps.sh
bash scripts/build.sh build/release -DCMAKE_BUILD_TYPE=Release -DNORBOOT_TESTS=OFF -DNORBOOT_BENCH=OFF
exec build/release/src/tools/norboot demo --workdir "${NORBOOT_DEMO_DIR:-$root/out/demo}" "$@"
