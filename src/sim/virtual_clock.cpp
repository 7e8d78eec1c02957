#include "sim/virtual_clock.hpp"

namespace norboot::sim {

void VirtualClock::advance(uint64_t ns) {
  uint64_t to = now_ns_ + ns;
  if (observer_) to = observer_(now_ns_, to);
  now_ns_ = to;
}

}  // namespace norboot::sim
