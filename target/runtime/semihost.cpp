#include "runtime/semihost.hpp"

#include <array>
#include <cstdint>

namespace norboot::target {

namespace {

constexpr uint32_t kSysWrite0 = 0x04;
constexpr uint32_t kSysExitExtended = 0x20;
constexpr uint32_t kAdpStoppedApplicationExit = 0x20026;

uint32_t semihost_call(uint32_t op, const void* arg) {
  register uint32_t r0 asm("r0") = op;
  register const void* r1 asm("r1") = arg;
  asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

}  // namespace

void semihost_write(std::string_view text) {
  std::array<char, 129> chunk;
  while (!text.empty()) {
    const size_t n = text.size() < chunk.size() - 1 ? text.size() : chunk.size() - 1;
    for (size_t i = 0; i < n; ++i) chunk[i] = text[i];
    chunk[n] = '\0';
    semihost_call(kSysWrite0, chunk.data());
    text.remove_prefix(n);
  }
}

void semihost_exit(int code) {
  const uint32_t block[2] = {kAdpStoppedApplicationExit, static_cast<uint32_t>(code)};
  semihost_call(kSysExitExtended, block);
  for (;;) {
  }
}

}  // namespace norboot::target
