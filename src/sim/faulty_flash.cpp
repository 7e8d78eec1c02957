#include "sim/faulty_flash.hpp"

#include <vector>

#include "sim/power.hpp"

namespace norboot::sim {

using core::Errc;
using core::Error;

FaultyFlash::FaultyFlash(flash::Flash& inner, const FaultPlan& plan)
    : Flash(inner.name(), inner.geometry()), inner_(inner) {
  arm(plan);
}

void FaultyFlash::arm(const FaultPlan& plan) {
  plan_ = plan;
  ops_ = 0;
  fails_left_ = 0;
}

bool FaultyFlash::fault_now(OpType type, uint32_t off, uint32_t len) {
  if (type == OpType::kRead && !plan_.count_reads) return false;
  const uint64_t lo = off, hi = uint64_t{off} + len;
  const uint64_t range_lo = plan_.range_off, range_hi = uint64_t{plan_.range_off} + plan_.range_len;
  if (hi <= range_lo || lo >= range_hi) return false;
  ++ops_;
  if (fails_left_ > 0) {
    --fails_left_;
    return true;
  }
  if (plan_.op == 0 || ops_ != plan_.op) return false;
  if (plan_.kind == FaultKind::kFail && plan_.times > 1) fails_left_ = plan_.times - 1;
  return true;
}

core::Status FaultyFlash::injected(uint32_t off) const {
  return core::fail(Error{.code = Errc::kIo, .what = "injected fault"}.at(name(), off));
}

core::Status FaultyFlash::check_alive() const {
  if (!dead_) return core::ok();
  return core::fail(Error{.code = Errc::kPowerLost, .what = "power is off (injected cut)", .device = name()});
}

template <class Pass, class Tear>
core::Status FaultyFlash::guarded(OpType type, uint32_t off, uint32_t len, Pass&& pass, Tear&& tear) {
  NB_TRY(check_alive());
  if (!fault_now(type, off, len)) return pass();
  if (plan_.kind == FaultKind::kFail) return injected(off);
  if (plan_.kind == FaultKind::kTorn) NB_TRY(tear());
  dead_ = true;
  return check_alive();
}

core::Status FaultyFlash::do_read(uint32_t off, std::span<std::byte> out) {
  // A read has nothing to tear: kTorn on a read is a plain cut.
  return guarded(OpType::kRead, off, static_cast<uint32_t>(out.size()), [&] { return inner_.read(off, out); },
                 [] { return core::ok(); });
}

core::Status FaultyFlash::do_write(uint32_t off, std::span<const std::byte> in) {
  return guarded(OpType::kWrite, off, static_cast<uint32_t>(in.size()), [&] { return inner_.write(off, in); },
                 [&] { return torn_write(off, in); });
}

core::Status FaultyFlash::do_start_write(uint32_t off, std::span<const std::byte> in) {
  return guarded(OpType::kWrite, off, static_cast<uint32_t>(in.size()), [&] { return inner_.start_write(off, in); },
                 [&] { return torn_write(off, in); });
}

core::Status FaultyFlash::do_erase(uint32_t off, uint32_t len) {
  return guarded(OpType::kErase, off, len, [&] { return inner_.erase(off, len); },
                 [&] { return torn_erase(off, len); });
}

core::Status FaultyFlash::do_start_erase(uint32_t off, uint32_t len) {
  return guarded(OpType::kErase, off, len, [&] { return inner_.start_erase(off, len); },
                 [&] { return torn_erase(off, len); });
}

core::Result<bool> FaultyFlash::do_busy() {
  NB_TRY(check_alive());
  return inner_.busy();
}

core::Status FaultyFlash::do_wait_idle() {
  NB_TRY(check_alive());
  return inner_.wait_idle();
}

core::Status FaultyFlash::torn_write(uint32_t off, std::span<const std::byte> in) {
  TornRng rng(plan_.seed ^ (uint64_t{off} * 0x9E3779B97F4A7C15ull));
  const uint32_t wb = geometry().write_block;
  const size_t blocks = in.size() / wb;
  const size_t done = static_cast<size_t>(rng.below(blocks));
  if (done > 0) NB_TRY(inner_.write(off, in.first(done * wb)));
  std::vector<std::byte> partial(in.begin() + done * wb, in.begin() + (done + 1) * wb);
  for (std::byte& b : partial) b |= std::byte(rng.next() & 0xFF);
  return inner_.write(static_cast<uint32_t>(off + done * wb), partial);
}

core::Status FaultyFlash::torn_erase(uint32_t off, uint32_t len) {
  // Erase for real, then program back the old bits of a seeded subset of bytes (each keeping a
  // seeded subset of its zero bits): the range ends up a mix of old, erased and in-between values.
  TornRng rng(plan_.seed ^ (uint64_t{off} * 0x9E3779B97F4A7C15ull) ^ 0xE4A5Eull);
  std::vector<std::byte> old(len);
  NB_TRY(inner_.read(off, old));
  NB_TRY(inner_.erase(off, len));
  std::vector<std::byte> back(len, std::byte{geometry().erased_value});
  for (uint32_t i = 0; i < len; ++i) {
    const uint64_t r = rng.next();
    if (r & 1) back[i] = old[i] | std::byte((r >> 8) & ((r >> 1) & 1 ? 0xFF : 0x00));
  }
  return inner_.write(off, back);
}

}  // namespace norboot::sim
