#pragma once
// VirtualClock: a board's simulated time. Nothing here waits in host time: sleeping or a device
// stalling the CPU just moves `now` forward. The power domain watches it so that a cut planned
// for virtual time t happens exactly at t, whichever device is working then.
#include <cstdint>
#include <functional>

#include "core/clock.hpp"

namespace norboot::sim {

class VirtualClock final : public core::Clock {
 public:
  uint64_t now_ns() const override { return now_ns_; }
  /// The CPU idles for `ns` (device work continues in the background).
  void sleep_ns(uint64_t ns) override { advance(ns); }
  /// The CPU is held for `ns` (a blocking transfer, an NVMC operation).
  void advance(uint64_t ns);
  /// Called with (from, to) before time moves; it may cut time short by returning an earlier stop.
  void set_observer(std::function<uint64_t(uint64_t from, uint64_t to)> obs) { observer_ = std::move(obs); }

 private:
  uint64_t now_ns_ = 0;
  std::function<uint64_t(uint64_t, uint64_t)> observer_;
};

}  // namespace norboot::sim
