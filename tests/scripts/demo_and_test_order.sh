#!/usr/bin/env bash
# demo_and_test_order.sh SOURCE_ROOT — the README's two commands in either order (issue 13).
# The repository's own scripts/*.sh run, with the real cmake, ninja and ctest, against a stand-in
# project that has norboot's build options and registers a test only when NORBOOT_TESTS is ON:
# configuring takes a second and nothing is compiled. install-deps.sh is replaced by a no-op and a
# stand-in arm-none-eabi-g++ makes test.sh run its target stage too. Checked:
#   demo.sh then test.sh, and test.sh then demo.sh: every ctest stage ran tests, the demo ran;
#   a build/release left with NORBOOT_TESTS=OFF (what the old demo.sh left) still gets its tests;
#   every ctest call passes --no-tests=error, so a tree without tests fails the run.
set -euo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
real_ctest=$(command -v ctest)
mkdir -p "$work/bin"
printf '#!/bin/sh\nexit 0\n' > "$work/bin/arm-none-eabi-g++"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >> "%s/ctest.calls"\nexec "%s" "$@"\n' "$work" "$real_ctest" > "$work/bin/ctest"
chmod +x "$work/bin/arm-none-eabi-g++" "$work/bin/ctest"
export PATH="$work/bin:$PATH"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A fresh checkout: the real scripts, a stand-in project and target project.
checkout() {
  rm -rf "$work/r" "$work/ctest.calls"
  mkdir -p "$work/r/scripts" "$work/r/target" "$work/r/cmake"
  cp -p "$src"/scripts/*.sh "$work/r/scripts/"
  printf '#!/usr/bin/env bash\nexit 0\n' > "$work/r/scripts/install-deps.sh"
  cat > "$work/r/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(norboot_stand_in NONE)
option(NORBOOT_SANITIZE "" OFF)
option(NORBOOT_TESTS "" ON)
option(NORBOOT_BENCH "" ON)
option(NORBOOT_FUZZ "" OFF)
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/src/tools/norboot CONTENT "#!/bin/sh\necho norboot-stand-in \"$@\"\n")
file(CHMOD ${CMAKE_BINARY_DIR}/src/tools/norboot PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
add_custom_target(norboot)
if(NORBOOT_TESTS)
  enable_testing()
  add_test(NAME stand_in COMMAND ${CMAKE_COMMAND} -E true)
endif()
CMAKE
  printf 'cmake_minimum_required(VERSION 3.25)\nproject(target_stand_in NONE)\nenable_testing()\nadd_test(NAME t COMMAND ${CMAKE_COMMAND} -E true)\n' \
    > "$work/r/target/CMakeLists.txt"
  : > "$work/r/cmake/arm-none-eabi.cmake"
}

run() {  # run NAME SCRIPT: runs it, keeps its output in $work/NAME.log
  if ! (cd "$work/r" && bash "scripts/$2") > "$work/$1.log" 2>&1; then
    fail "$1: scripts/$2 exited non-zero"
    sed 's/^/    /' "$work/$1.log" | tail -20
  fi
}

expect_tests_ran() {  # expect_tests_ran NAME
  grep -q "No tests were found" "$work/$1.log" && fail "$1: a ctest stage found no tests" || true
  local passed
  passed=$(grep -c "100% tests passed" "$work/$1.log" || true)
  [[ "$passed" == 3 ]] || fail "$1: expected 3 ctest stages with tests (release, asan, target), saw $passed"
}

expect_demo_ran() {
  grep -q "norboot-stand-in demo" "$work/$1.log" || fail "$1: the demo did not run build/release's norboot"
}

checkout; run demo-first demo.sh; expect_demo_ran demo-first; run test-second test.sh; expect_tests_ran test-second
checkout; run test-first test.sh; expect_tests_ran test-first; run demo-second demo.sh; expect_demo_ran demo-second
checkout
cmake -S "$work/r" -B "$work/r/build/release" -G Ninja -DNORBOOT_TESTS=OFF -DNORBOOT_BENCH=OFF >/dev/null
run stale-cache test.sh; expect_tests_ran stale-cache
while read -r call; do
  [[ "$call" == *--no-tests=error* ]] || fail "ctest called without --no-tests=error: ctest $call"
done < "$work/ctest.calls"
[[ -s "$work/ctest.calls" ]] || fail "no ctest call was seen"
if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "demo.sh and test.sh in either order: every ctest stage ran tests, every ctest call has --no-tests=error"
