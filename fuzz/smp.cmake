# SMP fuzz targets (libFuzzer, clang-14). fuzz/CMakeLists.txt includes this file in a build with
# NORBOOT_FUZZ=ON; until it exists, fuzz/smp_standalone/ builds them on their own.
#   smp_frame_fuzz     serial frame decoder (any byte stream) + encode/decode round trip
#   smp_dispatch_fuzz  the agent: packets of SMP requests over a RAM-backed image backend
#   smp_fuzz_seeds     writes a seed corpus of valid request sequences (upload, test, erase, …)
find_package(OpenSSL REQUIRED)
foreach(name smp_frame_fuzz smp_dispatch_fuzz)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../tests/smp)
  target_link_libraries(${name} PRIVATE norboot_smp OpenSSL::Crypto)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
endforeach()
add_executable(smp_fuzz_seeds ${CMAKE_CURRENT_LIST_DIR}/smp_fuzz_seeds.cpp)
target_include_directories(smp_fuzz_seeds PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../tests/smp)
target_link_libraries(smp_fuzz_seeds PRIVATE norboot_smp OpenSSL::Crypto)
