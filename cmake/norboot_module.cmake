# norboot_module(NAME <module> [DEVICE] DEPS <targets...>)
# Builds src/<module>/*.cpp (and detail/*.cpp) into the static library norboot_<module>.
# DEVICE marks device-side code: compiled without exceptions (see CMakeLists.txt on RTTI).
function(norboot_module)
  cmake_parse_arguments(M "DEVICE" "NAME" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/detail/*.cpp)
  if(srcs)
    add_library(norboot_${M_NAME} STATIC ${srcs})
    set(vis PUBLIC)
  else()
    add_library(norboot_${M_NAME} INTERFACE)
    set(vis INTERFACE)
  endif()
  target_link_libraries(norboot_${M_NAME} ${vis} norboot_src_root ${M_DEPS})
  if(M_DEVICE AND srcs)
    target_link_libraries(norboot_${M_NAME} PRIVATE norboot_device_flags)
  endif()
endfunction()

# norboot_test(<module> [LIBS <targets...>])
# One GoogleTest binary per test folder: tests/<module>/*.cpp (the *_test.cpp files and the
# folder's own fixtures).
function(norboot_test)
  cmake_parse_arguments(T "" "NAME" "LIBS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_executable(${T_NAME}_tests ${srcs})
  # Unity batches of up to 8 files: each test file parses GoogleTest, GoogleMock and most of its
  # module's headers again, which costs more than compiling its own tests. Each *_test.cpp keeps
  # its helpers in a namespace named after the file (norboot::<module>::<file>), so helpers and
  # using-declarations of one file neither clash with nor leak into the next one in a batch.
  set_target_properties(${T_NAME}_tests PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  # Release trees compile the test code itself at -O2, not -O3 (about 15% less compile time): the
  # libraries under test keep the build type's flags, and so do the benchmarks.
  target_compile_options(${T_NAME}_tests PRIVATE $<$<CONFIG:Release>:-O2>)
  target_link_libraries(${T_NAME}_tests PRIVATE ${T_LIBS} norboot_test_support GTest::gtest_main GTest::gmock)
  target_compile_definitions(${T_NAME}_tests PRIVATE NORBOOT_SHARED_DIR="${NORBOOT_SHARED_DIR}")
  gtest_discover_tests(${T_NAME}_tests DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${T_NAME})
endfunction()
