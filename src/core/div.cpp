#include "core/div.hpp"

namespace norboot::core {

DivU64 div_u64(uint64_t n, uint32_t d) {
  if ((n >> 32) == 0) {
    const auto n32 = static_cast<uint32_t>(n);
    return {n32 / d, n32 % d};
  }
  // Restoring division, most significant bit first: r < d < 2^32 holds before each shift, so
  // r stays below 2^33.
  uint64_t q = 0;
  uint64_t r = 0;
  for (int i = 0; i < 64; ++i) {
    r = (r << 1) | (n >> 63);
    n <<= 1;
    q <<= 1;
    if (r >= d) {
      r -= d;
      q |= 1;
    }
  }
  return {q, static_cast<uint32_t>(r)};
}

}  // namespace norboot::core
