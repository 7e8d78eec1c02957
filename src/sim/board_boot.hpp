#pragma once
// Runs the bootloader on a simulated board the way a product's boot ROM hands over to it: the
// image validator with the board's trusted keys (hash-only when it has none), the OpenSSL crypto
// backend standing in for a product's, the device security counter, and a recorded boot log.
#include <memory>
#include <vector>

#include "boot/bootloader.hpp"
#include "sim/board.hpp"
#include "sim/boot_log_record.hpp"

namespace norboot::sim {

struct BootSettings {
  boot::Strategy strategy = boot::Strategy::kSwapPipeline;
  uint32_t max_align = 8;
  bool validate_primary = true;
  boot::DowngradePolicy downgrade = boot::DowngradePolicy::kAllow;
  std::vector<std::vector<std::byte>> trusted_keys;  // empty: images pass on their hash alone
  uint32_t* security_counter = nullptr;               // the device's counter (persisted by the caller)
};

struct BootRun {
  core::Result<boot::BootResult> result = boot::BootResult{};
  BootLogRecord log;
  uint64_t host_ns = 0;  // host time the boot took
};

/// One boot of `board` with `settings`. `echo` prints each log line to stderr as it happens.
BootRun run_bootloader(Board& board, const BootSettings& settings, bool echo = false);

/// The boot core's ImageCheck for `keys` (hash-only when empty), with everything it needs owned.
class BoardImageCheck;
std::unique_ptr<BoardImageCheck> make_image_check(const std::vector<std::vector<std::byte>>& keys);
boot::ImageCheck& as_image_check(BoardImageCheck& c);

}  // namespace norboot::sim
