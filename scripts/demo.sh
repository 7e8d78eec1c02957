#!/usr/bin/env bash
# The demo: install, build the norboot tool, run `norboot demo` in a fresh state directory.
# build/release is configured exactly as test.sh configures it (build-options.sh), so running the
# demo and the suite in either order neither changes what the other builds nor compiles twice.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/build-options.sh
NORBOOT_TARGET=0 bash scripts/install-deps.sh
NORBOOT_BUILD_TARGET=norboot bash scripts/build.sh build/release "${release_options[@]}"
exec build/release/src/tools/norboot demo --workdir "${NORBOOT_DEMO_DIR:-$root/out/demo}" "$@"
