#include "boot/progress_log.hpp"

#include <algorithm>
#include <array>

#include "core/bytes.hpp"

namespace norboot::boot {

using core::Errc;
using core::Error;
using core::fail;

namespace {
constexpr uint32_t kMaxRecord = 32;
}

void ProgressLog::encode(uint32_t stage, std::span<std::byte> rec, std::byte erased) {
  std::fill(rec.begin(), rec.end(), erased);
  const uint32_t v = kTag | (stage & kMaxStage);
  core::store_le32(rec, 0, v);
  core::store_le32(rec, 4, ~v);
}

int64_t ProgressLog::decode(std::span<const std::byte> rec) {
  const uint32_t v = core::load_le32(rec, 0);
  const uint32_t w = core::load_le32(rec, 4);
  if (v != ~w || (v & ~kMaxStage) != kTag) return -1;
  return v & kMaxStage;
}

Result<uint32_t> ProgressLog::scan() {
  std::array<std::byte, kMaxRecord> rec{};
  std::span<std::byte> r(rec.data(), record_size_);
  const std::byte erased{area_.erased_value()};
  uint32_t done = 0;
  next_ = 0;
  for (uint32_t slot = 0; slot < capacity_; ++slot) {
    NB_TRY(area_.read(off_ + slot * record_size_, r));
    if (core::all_equal(r, erased)) break;  // the log ends at the first untouched slot
    next_ = slot + 1;
    const int64_t stage = decode(r);
    if (stage < 0) continue;  // torn: skipped, its stage is redone and recorded further on
    if (static_cast<uint32_t>(stage) != done) {
      return fail(Error{.code = Errc::kCorrupt, .what = "progress record out of order"}
                      .at(area_.dev->name(), area_.off + off_ + slot * record_size_)
                      .in_area(area_.name)
                      .values(done, static_cast<uint64_t>(stage)));
    }
    ++done;
  }
  return done;
}

Status ProgressLog::append(uint32_t stage) {
  if (next_ >= capacity_) {
    return fail(Error{.code = Errc::kNoSpace, .what = "progress log full (too many torn records)"}
                    .at(area_.dev->name(), area_.off + off_)
                    .in_area(area_.name)
                    .values(capacity_, next_));
  }
  std::array<std::byte, kMaxRecord> rec{};
  std::span<std::byte> r(rec.data(), record_size_);
  encode(stage, r, std::byte{area_.erased_value()});
  const uint32_t slot = next_++;
  return area_.write(off_ + slot * record_size_, r);
}

}  // namespace norboot::boot
