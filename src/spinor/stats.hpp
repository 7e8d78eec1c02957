#pragma once
// SpiNorStats: what the driver did on the bus, for benchmarks and for tests that prove there are
// no wasted frames (a status poll the typical time already made unnecessary costs bus time).
#include <cstdint>

namespace norboot::spinor {

struct SpiNorStats {
  uint64_t frames = 0;            // chip-select frames of every kind
  uint64_t read_frames = 0;       // array reads (FAST_READ)
  uint64_t program_frames = 0;    // page programs
  uint64_t erase_frames = 0;      // sector/block/chip erases
  uint64_t wel_checks = 0;        // RDSR right after WREN
  uint64_t status_polls = 0;      // RDSR while waiting for WIP to clear
  uint64_t bytes_read = 0;        // data bytes clocked in by array reads (including widening)
  uint64_t bytes_programmed = 0;  // data bytes clocked out by page programs (including 0xFF padding)
  uint64_t bounce_bytes = 0;      // data bytes staged through the work buffer
  uint64_t sleeps = 0;            // Clock::sleep_ns calls while waiting
  uint64_t sleep_ns = 0;
};

}  // namespace norboot::spinor
