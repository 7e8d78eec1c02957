# Layout fuzz targets (libFuzzer, clang-14). fuzz/CMakeLists.txt includes this file in a build
# with NORBOOT_FUZZ=ON; until then fuzz/layout_standalone/ builds them on their own.
#   layout_pm_static_fuzz    pm_static.yml reader (yaml-cpp) + the full layout check on what it accepts
#   layout_board_json_fuzz   board.json reader (nlohmann-json) + the full layout check
# Seeds: tests/fixtures/layout/*.pm_static.yml and *.board.json; dictionary: fuzz/layout_yaml.dict.
# Run (one at a time):  layout_pm_static_fuzz -dict=fuzz/layout_yaml.dict CORPUS_DIR SEED_DIR
target_compile_options(norboot_tools_layout PRIVATE -fsanitize=fuzzer-no-link)
foreach(name layout_pm_static_fuzz layout_board_json_fuzz)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  target_link_libraries(${name} PRIVATE norboot_tools_layout)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
endforeach()
