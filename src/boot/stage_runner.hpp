#pragma once
// StageRunner: carries out one stage of a swap. One move: erase the destination region, copy
// (flash::copy). Two moves whose destinations are on different devices: overlap them —
//
//   1. start the background erase (external chip) and return at once;
//   2. erase the foreground region (internal flash; the CPU stalls, the chip erases meanwhile);
//   3. for each foreground chunk: read it (the chip is idle), start one background page program,
//      then write the chunk to internal flash while the chip programs that page;
//   4. feed any background pages left, wait until the chip is idle.
//
// Both moves only touch regions the stage owns (stage_plan.hpp), so the order in which their
// bytes land does not matter for correctness — only for time.
#include <cstdint>
#include <span>

#include "boot/stage_plan.hpp"
#include "core/result.hpp"

namespace norboot::boot {

class StageRunner {
 public:
  /// `buf` is the caller's work buffer: at least 2 × 256 bytes; a whole unit (4 KiB on the nRF52)
  /// lets a lone move copy in one read and one write.
  explicit StageRunner(std::span<std::byte> buf) : buf_(buf) {}

  core::Status run(const Stage& stage);

 private:
  core::Status run_one(const Move& m);
  core::Status run_pair(const Move& fg, const Move& bg);
  static uint32_t copy_len(const Move& m);

  std::span<std::byte> buf_;
};

}  // namespace norboot::boot
