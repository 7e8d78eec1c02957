#pragma once
// The image fuzz entry: the input is the content of a slot (in-memory flash). It runs the header
// parse, the TLV layout and iterator, inspect() and validate() (with and without the vector
// keys, at several work-buffer sizes) and checks invariants that must hold for any input.
// Shared by the libFuzzer target (image_fuzz.cpp) and the g++ replay test (tests/image).
#include <cstddef>
#include <cstdint>

namespace norboot::fuzz {

/// Returns 0; aborts (a crash the fuzzer reports) when an invariant is broken.
int image_fuzz_one(const uint8_t* data, size_t size);

}  // namespace norboot::fuzz
