#!/usr/bin/env bash
# Long fuzz run of the image header/TLV parser and validator (libFuzzer, clang-14), seeded from
# the imgtool vectors. One process, one core.
#   scripts/fuzz-image.sh [seconds=600] [extra libFuzzer flags...]
# Prints libFuzzer's final stats; stat::number_of_executed_units is the execution count.
# Crashes are written to $build/crashes/ (replay: $build/image_fuzz <file>).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
build=${NORBOOT_IMAGE_FUZZ_BUILD:-$root/build-image-fuzz}
shared=${NORBOOT_SHARED_DIR:-$root/../shared}

command -v clang++-14 >/dev/null || { echo "fuzz-image: clang++-14 not found" >&2; exit 3; }
CXX=clang++-14 CC=clang-14 cmake -S "$root/fuzz/image_standalone" -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j2 >/dev/null

corpus="$build/corpus"
mkdir -p "$corpus" "$build/crashes"
for f in "$shared"/vectors/imgtool/images/*.bin "$shared"/vectors/imgtool/tampered/*.bin; do
  [[ -e "$f" ]] && cp -n "$f" "$corpus/" 2>/dev/null || true
done

exec "$build/image_fuzz" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 \
  -artifact_prefix="$build/crashes/" "$@" "$corpus"
