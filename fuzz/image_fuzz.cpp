// libFuzzer target: header + TLV parsing + validation of one slot's bytes (image_fuzz_target.cpp).
#include <cstddef>
#include <cstdint>

#include "image_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return norboot::fuzz::image_fuzz_one(data, size);
}
