#pragma once
// ProgressLog: norboot's swap-progress records — an append-only log of "stage i is done" in a
// pre-erased region of a trailer. Written after the work it records; read once at boot.
//
// Record (record_size bytes, ≥ 8): u32 v = kTag | stage, then u32 ~v, then erased padding.
// A torn write can only leave some of its 1→0 bits unprogrammed; any such record fails v == ~w
// (a missed 0 in v shows as a 1 that ~v cannot match, and vice versa), and an erased slot fails it
// too. So a record reads as complete or as absent — never as a wrong stage (tested bit by bit).
// A torn slot is skipped, never rewritten: each word is programmed at most once per erase, which
// keeps the nRF52 NVMC's two-writes-per-word limit out of reach.
#include <cstdint>

#include "core/result.hpp"
#include "flash/area.hpp"

namespace norboot::boot {

using core::Result;
using core::Status;

class ProgressLog {
 public:
  static constexpr uint32_t kTag = 0x5A000000u;
  static constexpr uint32_t kMaxStage = 0x00FFFFFFu;

  /// Log of `capacity` records of `record_size` bytes at area offset `off`.
  ProgressLog(const flash::Area& area, uint32_t off, uint32_t capacity, uint32_t record_size)
      : area_(area), off_(off), capacity_(capacity), record_size_(record_size) {}

  /// Reads the log: returns how many stages are done (records 0..k-1 present, in order) and
  /// remembers where the next record goes. Errors: kCorrupt when valid records are out of order
  /// (garbage in the status area), read errors.
  Result<uint32_t> scan();
  /// Appends "stage is done" in the next free slot. Errors: kNoSpace when the log is full.
  Status append(uint32_t stage);

  /// Encodes / decodes one record (exposed for tests and the inspector).
  static void encode(uint32_t stage, std::span<std::byte> rec, std::byte erased);
  /// Stage number when the record is complete, -1 when absent or torn.
  static int64_t decode(std::span<const std::byte> rec);

  uint32_t next_slot() const { return next_; }

 private:
  flash::Area area_;
  uint32_t off_, capacity_, record_size_;
  uint32_t next_ = 0;
};

}  // namespace norboot::boot
