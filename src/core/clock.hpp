#pragma once
// Clock: the only notion of time device code has. On a board it is a hardware timer; in the
// simulator it is the board's virtual clock, where sleeping advances time instantly. Drivers use it
// for deadlines (a WIP poll that never ends is a kTimeout, never a hang) and for waits.
#include <cstdint>

namespace norboot::core {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Monotonic time in nanoseconds since an arbitrary origin.
  virtual uint64_t now_ns() const = 0;
  /// Lets at least `ns` pass (the CPU is idle meanwhile; background device work continues).
  virtual void sleep_ns(uint64_t ns) = 0;
};

inline constexpr uint64_t kNsPerUs = 1000;
inline constexpr uint64_t kNsPerMs = 1000 * 1000;
inline constexpr uint64_t kNsPerS = 1000 * 1000 * 1000;

}  // namespace norboot::core
