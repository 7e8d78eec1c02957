#include "support/cut_flash.hpp"

#include <cstring>

namespace norboot::target {

PowerRail::Step PowerRail::next_operation() {
  if (off_) return Step::kRefuse;
  ++ops_;
  if (cut_at_ == 0 || ops_ != cut_at_) return Step::kRun;
  off_ = true;
  cut_at_ = 0;
  return kind_ == CutKind::kTorn ? Step::kTear : Step::kRefuse;
}

CutFlash::CutFlash(const char* name, const flash::Geometry& g, std::span<std::byte> storage, PowerRail& rail)
    : Flash(name, g), mem_(storage), rail_(rail) {}

void CutFlash::format() { std::memset(mem_.data(), geometry().erased_value, mem_.size()); }

core::Status CutFlash::power_lost(uint32_t off) const {
  return core::fail(core::Error{.code = core::Errc::kPowerLost, .what = "power cut"}.at(name(), off));
}

core::Status CutFlash::do_read(uint32_t off, std::span<std::byte> out) {
  if (rail_.off()) return power_lost(off);
  std::memcpy(out.data(), mem_.data() + off, out.size());
  return core::ok();
}

core::Status CutFlash::do_write(uint32_t off, std::span<const std::byte> in) {
  const PowerRail::Step step = rail_.next_operation();
  if (step == PowerRail::Step::kRefuse) return power_lost(off);
  const uint32_t wb = geometry().write_block;
  const size_t n = step == PowerRail::Step::kTear ? in.size() / 2 / wb * wb : in.size();
  for (size_t i = 0; i < n; ++i) mem_[off + i] &= in[i];  // NOR: programming only clears bits
  return step == PowerRail::Step::kRun ? core::ok() : power_lost(off + static_cast<uint32_t>(n));
}

core::Status CutFlash::do_erase(uint32_t off, uint32_t len) {
  const PowerRail::Step step = rail_.next_operation();
  if (step == PowerRail::Step::kRefuse) return power_lost(off);
  const uint32_t n = step == PowerRail::Step::kTear ? len / 2 : len;
  std::memset(mem_.data() + off, geometry().erased_value, n);
  return step == PowerRail::Step::kRun ? core::ok() : power_lost(off + n);
}

}  // namespace norboot::target
