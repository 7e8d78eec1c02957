#pragma once
// CutFlash (test fixture): wraps a RamFlash so each write and erase is one operation of a
// sim::PowerDomain. A cut op leaves nothing (clean) or a seeded torn mix: a prefix of the write
// lands, one byte lands partly, the rest not; an erase sets a seeded subset of bytes. No timing:
// the boot-core campaigns here care about where a cut lands, not when. Board-level campaigns use
// the device models instead.
#include <cstring>
#include <vector>

#include "flash/ram_flash.hpp"
#include "sim/counters.hpp"
#include "sim/power.hpp"

namespace norboot::testing {

class CutFlash final : public flash::Flash, public sim::PoweredDevice {
 public:
  CutFlash(const char* name, const flash::Geometry& g, sim::PowerDomain& power)
      : Flash(name, g), mem_(g.size, std::byte{g.erased_value}), power_(power) {
    power_.attach(this);
    counters.sector_erases.assign(g.sector_count(), 0);
  }
  std::vector<std::byte>& bytes() { return mem_; }
  sim::DeviceCounters counters;

  void power_lost(const sim::PowerCut& cut) override {
    if (!pending_) return;
    pending_ = false;
    if (cut.mode == sim::CutMode::kClean) return;
    sim::TornRng rng(cut.seed ^ 0x51A5EED);
    if (pending_erase_) {
      for (uint32_t i = 0; i < pending_len_; ++i) {
        if (rng.next() & 1) mem_[pending_off_ + i] = std::byte{0xFF};
      }
      return;
    }
    const uint32_t done = static_cast<uint32_t>(rng.below(pending_len_ + 1));
    for (uint32_t i = 0; i < done && i < pending_len_; ++i) mem_[pending_off_ + i] &= pending_data_[i];
    if (done < pending_len_) mem_[pending_off_ + done] &= pending_data_[done] | std::byte(rng.next() & 0xFF);
  }
  void power_restored() override {}

 private:
  core::Status do_read(uint32_t off, std::span<std::byte> out) override {
    NB_TRY(power_.check(name()));
    std::memcpy(out.data(), mem_.data() + off, out.size());
    return core::ok();
  }
  core::Status begin(uint32_t off, uint32_t len, bool erase, std::span<const std::byte> data) {
    NB_TRY(power_.check(name()));
    pending_ = true;
    pending_erase_ = erase;
    pending_off_ = off;
    pending_len_ = len;
    pending_data_.assign(data.begin(), data.end());
    if (!power_.begin_op(1000)) return power_.check(name());
    pending_ = false;
    return core::ok();
  }
  core::Status do_write(uint32_t off, std::span<const std::byte> in) override {
    NB_TRY(begin(off, static_cast<uint32_t>(in.size()), false, in));
    for (size_t i = 0; i < in.size(); ++i) mem_[off + i] &= in[i];
    ++counters.programs;
    counters.program_bytes += in.size();
    return core::ok();
  }
  core::Status do_erase(uint32_t off, uint32_t len) override {
    for (uint32_t at = off; at < off + len;) {
      const flash::Sector s = *geometry().sector_at(at);
      NB_TRY(begin(s.off, s.size, true, {}));
      std::memset(mem_.data() + s.off, 0xFF, s.size);
      ++counters.erases;
      ++counters.sector_erases[s.index];
      at = s.off + s.size;
    }
    return core::ok();
  }

  std::vector<std::byte> mem_;
  sim::PowerDomain& power_;
  bool pending_ = false, pending_erase_ = false;
  uint32_t pending_off_ = 0, pending_len_ = 0;
  std::vector<std::byte> pending_data_;
};

}  // namespace norboot::testing
