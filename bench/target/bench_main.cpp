// The target benches, run under QEMU with -icount shift=0 (one instruction = 1 ns of virtual
// time): SysTick, counting at the mps2 CPU clock, then counts instructions in units the
// calibration loop measures. Prints figures; exits non-zero when a budget is broken.
#include <array>

#include "core/text.hpp"
#include "report.hpp"
#include "runtime/semihost.hpp"
#include "runtime/tick_counter.hpp"

namespace norboot::bench {

namespace {
void print(core::TextBuf& t) {
  t.ch('\n');
  target::semihost_write(t.view());
}
}  // namespace

void Report::figure(std::string_view name, uint64_t value, std::string_view unit) {
  std::array<char, 160> b;
  core::TextBuf t(b);
  t.str(name).str(": ").dec(value).ch(' ').str(unit);
  print(t);
}

void Report::ratio(std::string_view name, uint64_t value, uint64_t divisor, std::string_view unit) {
  std::array<char, 160> b;
  core::TextBuf t(b);
  const uint64_t hundredths = (value * 100 + divisor / 2) / divisor;
  t.str(name).str(": ").dec(hundredths / 100).ch('.');
  if (hundredths % 100 < 10) t.ch('0');
  t.dec(hundredths % 100).ch(' ').str(unit);
  print(t);
}

void Report::note(std::string_view text) {
  std::array<char, 200> b;
  core::TextBuf t(b);
  t.str("# ").str(text);
  print(t);
}

void Report::budget(std::string_view name, uint64_t value, uint64_t limit) {
  std::array<char, 160> b;
  core::TextBuf t(b);
  t.str(value <= limit ? "budget ok: " : "BUDGET EXCEEDED: ").str(name).str(": ").dec(value).str(" <= ").dec(limit);
  print(t);
  if (value > limit) failed_ = true;
}

void Report::fail(std::string_view why) {
  std::array<char, 200> b;
  core::TextBuf t(b);
  t.str("FAILED: ").str(why);
  print(t);
  failed_ = true;
}

// A loop of exactly 2 instructions per iteration (SUBS, BNE) tells how many instructions one
// SysTick tick stands for; cortex-m.md found 40 (25 MHz SysTick, 1 ns per instruction).
void calibrate(Report& r) {
  constexpr uint32_t kIterations = 1'000'000;
  const uint64_t t0 = target::TickCounter::now();
  uint32_t n = kIterations;
  asm volatile(
      "1: subs %0, %0, #1\n"
      "   bne 1b\n"
      : "+r"(n)
      :
      : "cc");
  const uint64_t ticks = target::TickCounter::now() - t0;
  r.instructions_per_tick = (2ull * kIterations + ticks / 2) / ticks;
  r.figure("calibration.loop_instructions", 2ull * kIterations, "instructions");
  r.figure("calibration.loop_ticks", ticks, "ticks");
  r.figure("calibration.instructions_per_tick", r.instructions_per_tick, "instructions");
  if (r.instructions_per_tick < 1 || r.instructions_per_tick > 1000) r.fail("SysTick calibration (is -icount shift=0 on?)");
}

}  // namespace norboot::bench

int main() {
  norboot::target::TickCounter::start();
  norboot::bench::Report r;
  norboot::bench::calibrate(r);
  norboot::bench::bench_sha256(r);
  norboot::bench::bench_validate(r);
  norboot::bench::bench_swap(r);
  return r.exit_code();
}
