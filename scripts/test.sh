#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, build, ctest; then the same suite under ASan+UBSan;
# then the Cortex-M build and its QEMU tests when the toolchain is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
jobs=$(nproc)

echo "== release build + tests"
bash scripts/build.sh build/release -DCMAKE_BUILD_TYPE=Release
ctest --test-dir build/release --output-on-failure -j "$jobs"

echo "== ASan+UBSan build + tests"
bash scripts/build.sh build/asan -DCMAKE_BUILD_TYPE=Debug -DNORBOOT_SANITIZE=ON -DNORBOOT_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan --output-on-failure -j "$jobs"

if [[ -x scripts/test-target.sh ]] && command -v arm-none-eabi-g++ >/dev/null; then
  echo "== Cortex-M4 build + QEMU tests"
  bash scripts/test-target.sh
fi
echo "== all tests passed"
