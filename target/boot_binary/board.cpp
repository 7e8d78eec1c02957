#include "boot_binary/board.hpp"

#include "boot_binary/nrf52_regs.hpp"
#include "runtime/fatal.hpp"

namespace norboot::nrf52 {

CycleClock::CycleClock() {
  reg(kDemcr) |= 1u << 24;  // TRCENA
  reg(kDwtCyccnt) = 0;
  reg(kDwtCtrl) |= 1u;      // CYCCNTENA
}

uint64_t CycleClock::now_ns() const {
  const uint32_t c = reg(kDwtCyccnt);
  if (c < last_) high_ += uint64_t{1} << 32;
  last_ = c;
  // 64 MHz: 15.625 ns per cycle = 125 / 8 (a multiply and a shift, no 64-bit division helper).
  return ((high_ + c) * 125) >> 3;
}

void CycleClock::sleep_ns(uint64_t ns) {
  const uint64_t until = now_ns() + ns;
  while (now_ns() < until) {
  }
}

}  // namespace norboot::nrf52

// How the boot binary ends (runtime/fatal.hpp): no debugger, no semihosting — a system reset.
namespace norboot::target {

void fatal(const char*) {
  nrf52::reg(nrf52::kScbAircr) = nrf52::kAircrSysReset;
  for (;;) {
  }
}

void exit_program(int) { fatal("main returned"); }

}  // namespace norboot::target
