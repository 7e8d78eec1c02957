#include "stack_probe.hpp"

namespace norboot::bench {

namespace {
constexpr uint32_t kPattern = 0xA5C3F00Du;

uintptr_t stack_pointer() {
  uintptr_t sp;
  asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}
}  // namespace

void StackProbe::paint() {
  // This frame sits just below the caller's: paint from 64 bytes under it downwards, so the
  // words this function itself uses stay out of the painted range.
  const uintptr_t here = stack_pointer();
  top_ = here;
  bottom_ = (here - kPaintBytes) & ~uintptr_t{3};
  for (auto* p = reinterpret_cast<volatile uint32_t*>(bottom_); reinterpret_cast<uintptr_t>(p) < here - 64; ++p) {
    *p = kPattern;
  }
}

size_t StackProbe::used() const {
  auto* p = reinterpret_cast<const volatile uint32_t*>(bottom_);
  while (reinterpret_cast<uintptr_t>(p) < top_ && *p == kPattern) ++p;
  return top_ - reinterpret_cast<uintptr_t>(p);
}

}  // namespace norboot::bench
