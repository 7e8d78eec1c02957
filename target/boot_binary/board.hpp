#pragma once
// The rest of the nRF52833 board support the boot binary needs: a clock on the DWT cycle counter
// and a BootLog that drops every event (no UART in this image; the boot result is what counts).
#include "boot/boot_log.hpp"
#include "core/clock.hpp"

namespace norboot::nrf52 {

/// now_ns from DWT.CYCCNT at 64 MHz, widened to 64 bits on each call (called far more often than
/// every 67 s, the counter's wrap time, while the boot runs). sleep_ns spins.
class CycleClock final : public core::Clock {
 public:
  CycleClock();
  uint64_t now_ns() const override;
  void sleep_ns(uint64_t ns) override;

 private:
  mutable uint32_t last_ = 0;
  mutable uint64_t high_ = 0;  // cycles accumulated by earlier wraps
};

class NullBootLog final : public boot::BootLog {
 public:
  void event(const boot::BootEvent&) override {}
};

}  // namespace norboot::nrf52
