#pragma once
// div_u64: 64-bit by 32-bit unsigned division without libgcc's __udivmoddi4.
//
// On a 32-bit MCU `uint64_t / uint32_t` calls __aeabi_uldivmod → __udivmoddi4: 700 B of Thumb-2
// for the boot binary's three divisions (the SPI NOR deadline and poll interval, TextBuf::dec).
// This one is a shift-and-subtract loop (one step per bit, 64 at most) behind a one-instruction
// path for dividends that fit 32 bits, which is what nearly every call sees. It is exact: the
// same quotient and remainder as the `/` and `%` it replaces, on every target.
#include <cstdint>

namespace norboot::core {

struct DivU64 {
  uint64_t quot = 0;
  uint32_t rem = 0;
};

/// n / d and n % d. `d` must not be 0 (callers divide by constants or by max(x, 1)).
DivU64 div_u64(uint64_t n, uint32_t d);

}  // namespace norboot::core
