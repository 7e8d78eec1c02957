#pragma once
// What the target benches print: one "name: value unit" line per figure over semihosting (the
// run script collects them), and a budget verdict that becomes the program's exit status.
#include <cstdint>
#include <string_view>

namespace norboot::bench {

class Report {
 public:
  /// Instructions per SysTick tick, measured by calibrate() before any bench runs.
  uint64_t instructions_per_tick = 0;

  uint64_t instructions(uint64_t ticks) const { return ticks * instructions_per_tick; }
  void figure(std::string_view name, uint64_t value, std::string_view unit);
  /// value / divisor with two decimals ("31.57").
  void ratio(std::string_view name, uint64_t value, uint64_t divisor, std::string_view unit);
  void note(std::string_view text);
  /// Records a budget: fails the run when `value` > `limit`.
  void budget(std::string_view name, uint64_t value, uint64_t limit);
  void fail(std::string_view why);
  int exit_code() const { return failed_ ? 1 : 0; }

 private:
  bool failed_ = false;
};

void calibrate(Report& r);
void bench_sha256(Report& r);
void bench_validate(Report& r);
void bench_swap(Report& r);

}  // namespace norboot::bench
