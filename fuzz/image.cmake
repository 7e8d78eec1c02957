# Image fuzz target (libFuzzer, clang-14). fuzz/CMakeLists.txt includes this file in a build with
# NORBOOT_FUZZ=ON; fuzz/image_standalone/ builds it on its own (what scripts/fuzz-image.sh and the
# ctest smoke run use).
#   image_fuzz   header + TLV layout + iterator + inspect() + validate() over one in-memory slot
# Seeds: the images of ../shared/vectors/imgtool (scripts/fuzz-image.sh copies them into a corpus).
find_package(OpenSSL 3 REQUIRED)
add_executable(image_fuzz ${CMAKE_CURRENT_LIST_DIR}/image_fuzz.cpp ${CMAKE_CURRENT_LIST_DIR}/image_fuzz_target.cpp)
target_link_libraries(image_fuzz PRIVATE norboot_image norboot_crypto_openssl)
target_compile_options(image_fuzz PRIVATE -fsanitize=fuzzer)
target_link_options(image_fuzz PRIVATE -fsanitize=fuzzer)
