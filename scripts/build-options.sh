# Sourced by demo.sh and test.sh: the one configuration of each build tree, every option spelled
# out. A CMake cache keeps whatever value the last configure left, so a script that leaves an
# option unset inherits another script's choice: demo.sh once left NORBOOT_TESTS=OFF in
# build/release and test.sh's release stage then ran "No tests were found!!!" (issue 13).
# demo.sh and test.sh configure build/release identically; the demo builds only the norboot
# target of the tree the suite builds in full, so neither order compiles anything twice.
release_options=(-DCMAKE_BUILD_TYPE=Release -DNORBOOT_TESTS=ON -DNORBOOT_BENCH=ON -DNORBOOT_SANITIZE=OFF -DNORBOOT_FUZZ=OFF)
asan_options=(-DCMAKE_BUILD_TYPE=Debug -DNORBOOT_TESTS=ON -DNORBOOT_BENCH=OFF -DNORBOOT_SANITIZE=ON -DNORBOOT_FUZZ=OFF)
# ctest fails on a tree without tests instead of reporting success with nothing run.
ctest_options=(--output-on-failure --no-tests=error)
