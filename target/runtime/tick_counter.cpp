#include "runtime/tick_counter.hpp"

namespace norboot::target {

namespace {

struct SysTickRegs {
  volatile uint32_t ctrl;   // bit 0 enable, bit 1 interrupt, bit 2 processor clock, bit 16 COUNTFLAG
  volatile uint32_t load;
  volatile uint32_t val;
  volatile uint32_t calib;
};
SysTickRegs& systick() { return *reinterpret_cast<SysTickRegs*>(0xE000E010u); }

constexpr uint32_t kReload = 0x00FFFFFFu;
volatile uint32_t g_wraps = 0;

}  // namespace

void TickCounter::start() {
  systick().ctrl = 0;
  systick().load = kReload;
  systick().val = 0;
  g_wraps = 0;
  systick().ctrl = 0x7;
  // Writing VAL cleared it; the counter holds 0 until its first reload. Start counting from there.
  while (systick().val == 0) {
  }
}

uint64_t TickCounter::now() {
  // Read the wrap count on both sides of VAL: if an interrupt came in between, read again.
  for (;;) {
    const uint32_t before = g_wraps;
    const uint32_t val = systick().val;
    if (g_wraps == before) return (uint64_t{before} << 24) + (kReload - val);
  }
}

}  // namespace norboot::target

extern "C" void SysTick_Handler() { norboot::target::g_wraps = norboot::target::g_wraps + 1; }
