#pragma once
// TickCounter: SysTick as a 64-bit free-running counter (24-bit hardware counter + wrap count
// kept by the SysTick interrupt). Under QEMU with -icount shift=0 every instruction takes 1 ns of
// virtual time and SysTick runs at the mps2 CPU clock (25 MHz), so one tick is 40 instructions;
// bench_main calibrates that ratio against a loop of known length instead of assuming it.
#include <cstdint>

namespace norboot::target {

class TickCounter {
 public:
  /// Starts SysTick (processor clock, full 24-bit reload, interrupt on wrap).
  static void start();
  /// Ticks since start().
  static uint64_t now();
};

}  // namespace norboot::target
