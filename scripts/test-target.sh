#!/usr/bin/env bash
# The Cortex-M4 build (target/, issue 7) and its tests under QEMU mps2-an386: the device-side
# modules with -fno-exceptions -fno-rtti and the heap as a link error, the bare-metal cases, the
# power-cut loop and the instruction budgets. Needs gcc-arm-none-eabi and qemu-system-arm
# (scripts/install-deps.sh installs them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build/target}
cmake -S "$root/target" -B "$dir" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/arm-none-eabi.cmake" >/dev/null
cmake --build "$dir" -j "$(nproc)"
# --no-tests=error: a tree that registered no tests fails instead of passing with nothing run.
ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$(nproc)"
