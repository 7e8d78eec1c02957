#pragma once
// Meter: splits the instructions of a measured run into categories (boot core, flash device,
// image check) by charging SysTick time to whatever category is innermost when it passes. The
// flash and image-check wrappers below enter their category around each call, so the boot core's
// own share — decisions, trailers, progress records, loop control — is what is left.
#include <array>
#include <cstdint>

#include "boot/image_check.hpp"
#include "flash/flash.hpp"

namespace norboot::bench {

enum class Cat : uint8_t { kCore, kFlash, kCheck };

class Meter {
 public:
  void start();
  void enter(Cat c);
  /// Leaves the innermost category; leaving the outermost one stops the meter.
  void leave();
  bool running() const { return running_; }
  /// Ticks charged to `c` since start(), up to the last enter/leave.
  uint64_t ticks(Cat c) const { return ticks_[static_cast<size_t>(c)]; }
  /// Metered flash calls made while `c` was the innermost category (whose time pays part of the
  /// metering cost of each such call).
  uint32_t flash_calls_from(Cat c) const { return calls_from_[static_cast<size_t>(c)]; }

 private:
  void charge();
  std::array<uint64_t, 3> ticks_{};
  std::array<uint32_t, 3> calls_from_{};
  std::array<Cat, 8> stack_{};
  uint32_t depth_ = 0;
  bool running_ = false;
  uint64_t since_ = 0;
};

/// A Flash that forwards to another and charges its time to Cat::kFlash; counts the operations
/// made while the meter runs.
class MeteredFlash final : public flash::Flash {
 public:
  MeteredFlash(flash::Flash& inner, Meter& meter) : Flash(inner.name(), inner.geometry()), inner_(inner), meter_(meter) {}
  uint32_t reads = 0, writes = 0, erases = 0;
  uint64_t bytes_read = 0, bytes_written = 0;

 private:
  core::Status do_read(uint32_t off, std::span<std::byte> out) override;
  core::Status do_write(uint32_t off, std::span<const std::byte> in) override;
  core::Status do_erase(uint32_t off, uint32_t len) override;
  flash::Flash& inner_;
  Meter& meter_;
};

/// An ImageCheck that forwards and charges its own (non-flash) time to Cat::kCheck.
class MeteredCheck final : public boot::ImageCheck {
 public:
  MeteredCheck(boot::ImageCheck& inner, Meter& meter) : inner_(inner), meter_(meter) {}
  core::Result<boot::ImageSummary> verify(const flash::Area& area) override;
  core::Result<boot::ImageSummary> peek(const flash::Area& area) override;
  uint32_t verifies = 0, peeks = 0;

 private:
  boot::ImageCheck& inner_;
  Meter& meter_;
};

}  // namespace norboot::bench
