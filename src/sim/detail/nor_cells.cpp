#include "sim/detail/nor_cells.hpp"

#include <algorithm>
#include <cstring>

namespace norboot::sim::detail {

void program_and(std::byte* dst, const std::byte* src, size_t len) {
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t a, b;
    std::memcpy(&a, dst + i, 8);
    std::memcpy(&b, src + i, 8);
    a &= b;
    std::memcpy(dst + i, &a, 8);
  }
  for (; i < len; ++i) dst[i] &= src[i];
}

size_t settle_program(std::byte* dst, const std::byte* src, size_t len, uint32_t unit, uint64_t unit_ns,
                      uint64_t elapsed_ns, CutMode mode, TornRng& rng) {
  const size_t units = len / unit;
  size_t done = 0;
  if (unit_ns == 0) {
    // A device without timing: the cut instant says nothing, so the torn point is drawn.
    if (mode == CutMode::kClean) return 0;
    done = static_cast<size_t>(rng.below(units));
  } else {
    if (elapsed_ns == 0) return 0;  // cut before the first unit began
    done = static_cast<size_t>(std::min<uint64_t>(elapsed_ns / unit_ns, units));
  }
  program_and(dst, src, done * unit);
  if (done == units || mode == CutMode::kClean) return done;
  const size_t at = done * unit;
  for (size_t i = 0; i < unit; ++i) dst[at + i] &= src[at + i] | std::byte(rng.next() & 0xFF);
  return done + 1;
}

void tear_erase(std::span<std::byte> dst, uint8_t erased_value, TornRng& rng) {
  const std::byte erased{erased_value};
  uint64_t bits = 0;
  for (size_t i = 0; i < dst.size(); ++i) {
    if (i % 4 == 0) bits = rng.next();
    // 16 bits per byte: two pick the outcome, eight are the mask of bits that reached erased.
    const unsigned pick = bits & 3;
    const std::byte mask = std::byte((bits >> 2) & 0xFF);
    bits >>= 16;
    if (pick == 1) {
      dst[i] = erased;
    } else if (pick >= 2) {
      dst[i] = (dst[i] & ~mask) | (erased & mask);
    }
  }
}

uint64_t device_salt(const char* name) {
  uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a
  for (const char* p = name; p && *p; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 0x100000001B3ull;
  return h;
}

}  // namespace norboot::sim::detail
