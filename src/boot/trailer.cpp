#include "boot/trailer.hpp"

#include <algorithm>
#include <array>

#include "core/bytes.hpp"

namespace norboot::boot {

namespace {
constexpr uint8_t kFlagSet = 0x01;
constexpr uint32_t kMaxCell = 64;  // largest write block or magic cell we write (max_align ≤ 32)
}  // namespace

const char* magic_name(Magic m) {
  switch (m) {
    case Magic::kGood: return "good";
    case Magic::kUnset: return "unset";
    case Magic::kBad: return "bad";
  }
  return "?";
}

const char* flag_name(Flag f) {
  switch (f) {
    case Flag::kSet: return "set";
    case Flag::kUnset: return "unset";
    case Flag::kBad: return "bad";
  }
  return "?";
}

const char* swap_type_name(SwapType t) {
  switch (t) {
    case SwapType::kNone: return "none";
    case SwapType::kTest: return "test";
    case SwapType::kPerm: return "permanent";
    case SwapType::kRevert: return "revert";
    case SwapType::kFail: return "fail";
    case SwapType::kPanic: return "panic";
  }
  return "?";
}

Flag decode_flag(uint8_t raw, uint8_t erased) {
  if (raw == erased) return Flag::kUnset;
  return raw == kFlagSet ? Flag::kSet : Flag::kBad;
}

Magic decode_magic(std::span<const std::byte, 16> raw, uint32_t max_align, std::byte erased) {
  const auto good = magic_for(max_align);
  if (std::equal(raw.begin(), raw.end(), good.begin())) return Magic::kGood;
  return core::all_equal(raw, erased) ? Magic::kUnset : Magic::kBad;
}

Result<TrailerState> Trailer::read() const {
  // One read of the whole app-visible part: swap_size cell .. end of slot.
  std::array<std::byte, 4 * 32 + 32> buf{};
  const uint32_t base = layout_.swap_size_off();
  std::span<std::byte> info(buf.data(), layout_.info_size());
  NB_TRY(slot_.read(base, info));
  const uint8_t erased = slot_.erased_value();
  auto at = [&](uint32_t off) { return std::to_integer<uint8_t>(info[off - base]); };

  TrailerState s;
  s.magic = decode_magic(std::span<const std::byte, 16>(info.subspan(layout_.magic_off() - base, 16)),
                         layout_.max_align, std::byte{erased});
  s.image_ok_raw = at(layout_.image_ok_off());
  s.copy_done_raw = at(layout_.copy_done_off());
  s.image_ok = decode_flag(s.image_ok_raw, erased);
  s.copy_done = decode_flag(s.copy_done_raw, erased);
  s.swap_info_raw = at(layout_.swap_info_off());
  s.swap_info_set = s.swap_info_raw != erased;
  const uint8_t type = s.swap_info_raw & 0x0F;
  if (s.swap_info_set && type >= static_cast<uint8_t>(SwapType::kNone) && type <= static_cast<uint8_t>(SwapType::kRevert)) {
    s.swap_type = static_cast<SwapType>(type);
    s.image_num = s.swap_info_raw >> 4;
  }
  std::span<const std::byte> size_cell = info.subspan(0, 4);
  s.swap_size_set = !core::all_equal(size_cell, std::byte{erased});
  s.swap_size = core::load_le32(size_cell);
  return s;
}

Status Trailer::write_flag_cell(uint32_t off, std::span<const std::byte> value) const {
  const uint32_t wb = std::max<uint32_t>(slot_.write_block(), static_cast<uint32_t>(value.size()));
  std::array<std::byte, kMaxCell> cell{};
  if (wb > cell.size() || wb > layout_.max_align) {
    return core::fail(core::Error{.code = core::Errc::kUnsupported, .what = "write block larger than the trailer's max align"}
                          .values(layout_.max_align, wb));
  }
  std::fill_n(cell.begin(), wb, std::byte{slot_.erased_value()});
  std::copy(value.begin(), value.end(), cell.begin());
  return slot_.write(off, std::span(cell).first(wb));
}

Status Trailer::write_magic() const {
  // Built in RAM (a stack cell), never written from the constexpr table itself.
  std::array<std::byte, kMaxCell> cell{};
  const uint32_t n = layout_.magic_cell_size();
  std::fill_n(cell.begin(), n, std::byte{slot_.erased_value()});
  const auto magic = magic_for(layout_.max_align);
  std::copy(magic.begin(), magic.end(), cell.begin() + (n - kMagicSize));
  return slot_.write(layout_.magic_cell_off(), std::span(cell).first(n));
}

Status Trailer::write_image_ok() const {
  const std::byte v{kFlagSet};
  return write_flag_cell(layout_.image_ok_off(), std::span(&v, 1));
}

Status Trailer::write_copy_done() const {
  const std::byte v{kFlagSet};
  return write_flag_cell(layout_.copy_done_off(), std::span(&v, 1));
}

Status Trailer::write_swap_info(SwapType type, uint8_t image_num) const {
  const std::byte v{static_cast<uint8_t>((image_num << 4) | (static_cast<uint8_t>(type) & 0x0F))};
  return write_flag_cell(layout_.swap_info_off(), std::span(&v, 1));
}

Status Trailer::write_swap_size(uint32_t size) const {
  std::array<std::byte, 4> v{};
  core::store_le32(v, 0, size);
  return write_flag_cell(layout_.swap_size_off(), v);
}

}  // namespace norboot::boot
