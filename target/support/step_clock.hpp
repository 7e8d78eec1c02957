#pragma once
// StepClock: a core::Clock for tests without a timer. Sleeping advances time at once; every
// reading also advances it a little, so a driver polling for a condition that never comes still
// reaches its deadline.
#include <cstdint>

#include "core/clock.hpp"

namespace norboot::target {

class StepClock final : public core::Clock {
 public:
  explicit StepClock(uint64_t step_ns = 1000) : step_ns_(step_ns) {}
  uint64_t now_ns() const override { return now_ += step_ns_; }
  void sleep_ns(uint64_t ns) override { now_ += ns; }

 private:
  uint64_t step_ns_;
  mutable uint64_t now_ = 0;
};

}  // namespace norboot::target
