#include "sim/timed_ram_flash.hpp"

#include <algorithm>
#include <cstring>

#include "sim/detail/nor_cells.hpp"

namespace norboot::sim {

TimedRamFlash::TimedRamFlash(const TimedRamFlashConfig& cfg, PowerDomain& power)
    : Flash(cfg.name, cfg.geometry),
      cfg_(cfg),
      power_(power),
      salt_(detail::device_salt(cfg.name)),
      mem_(cfg.geometry.size, std::byte{cfg.geometry.erased_value}) {
  counters_.sector_erases.assign(cfg.geometry.sector_count(), 0);
  power_.attach(this);
}

uint64_t TimedRamFlash::erase_ns(uint32_t off, uint32_t len) const {
  const flash::Geometry& g = geometry();
  uint64_t total = 0, base = 0;
  const uint64_t end = uint64_t{off} + len;
  for (size_t r = 0; r < g.run_count && base < end; ++r) {
    const uint64_t run_end = base + uint64_t{g.runs[r].size} * g.runs[r].count;
    const uint64_t lo = std::max<uint64_t>(base, off), hi = std::min(run_end, end);
    const uint64_t per_sector = cfg_.erase_ns_by_run[r] != 0 ? cfg_.erase_ns_by_run[r] : cfg_.erase_ns;
    if (hi > lo) total += (hi - lo + g.runs[r].size - 1) / g.runs[r].size * per_sector;
    base = run_end;
  }
  return total;
}

void TimedRamFlash::restore(std::span<const std::byte> cells) {
  std::memcpy(mem_.data(), cells.data(), std::min(cells.size(), mem_.size()));
  op_ = {};
}

core::Status TimedRamFlash::lost() const {
  return core::fail(core::Error{.code = core::Errc::kPowerLost, .what = "power is off", .device = name()});
}

core::Status TimedRamFlash::prepare() {
  NB_TRY(power_.check(name()));
  if (op_.kind == OpKind::kNone) return core::ok();
  VirtualClock& clock = power_.clock();
  const uint64_t end = op_.start_ns + op_.duration_ns;
  if (clock.now_ns() < end) {
    clock.sleep_ns(end - clock.now_ns());
    if (!power_.alive()) return lost();  // the cut settled the background work
  }
  const Op done = op_;
  op_ = {};
  counters_.busy_ns += done.duration_ns;
  complete(done);
  return core::ok();
}

bool TimedRamFlash::start(const Op& op, bool blocking) {
  op_ = op;
  op_.start_ns = power_.clock().now_ns();
  if (!power_.begin_op(op.duration_ns)) return false;  // cut at this op: power_lost settled it
  if (!blocking) return true;
  if (op.duration_ns != 0) power_.clock().advance(op.duration_ns);
  if (!power_.alive()) return false;  // cut at an instant inside it: settled
  op_ = {};
  counters_.busy_ns += op.duration_ns;
  return true;
}

void TimedRamFlash::erase_cells(uint32_t off, uint32_t len) {
  std::memset(mem_.data() + off, geometry().erased_value, len);
  for (uint32_t at = off; at < off + len;) {
    const flash::Sector s = *geometry().sector_at(at);
    ++counters_.sector_erases[s.index];
    at = s.off + s.size;
  }
}

void TimedRamFlash::complete(const Op& op) {
  if (op.kind == OpKind::kErase) {
    erase_cells(op.off, op.len);
    ++counters_.erases;
    counters_.erase_bytes += op.len;
  } else {
    detail::program_and(mem_.data() + op.off, op.data, op.len);
    ++counters_.programs;
    counters_.program_bytes += op.len;
  }
}

core::Status TimedRamFlash::do_read(uint32_t off, std::span<std::byte> out) {
  NB_TRY(prepare());
  std::memcpy(out.data(), mem_.data() + off, out.size());
  ++counters_.reads;
  counters_.read_bytes += out.size();
  return core::ok();
}

core::Status TimedRamFlash::do_write(uint32_t off, std::span<const std::byte> in) {
  NB_TRY(prepare());
  const auto len = static_cast<uint32_t>(in.size());
  const Op op{.kind = OpKind::kProgram, .off = off, .len = len, .data = in.data(), .duration_ns = program_ns(len)};
  if (!start(op, true)) return lost();
  complete(op);
  return core::ok();
}

core::Status TimedRamFlash::do_erase(uint32_t off, uint32_t len) {
  NB_TRY(prepare());
  for (uint32_t at = off; at < off + len;) {
    const flash::Sector s = *geometry().sector_at(at);
    const Op op{.kind = OpKind::kErase, .off = s.off, .len = s.size, .duration_ns = erase_ns(s.off, s.size)};
    if (!start(op, true)) return lost();
    complete(op);
    at = s.off + s.size;
  }
  return core::ok();
}

core::Status TimedRamFlash::do_start_erase(uint32_t off, uint32_t len) {
  if (!cfg_.async_erase) return do_erase(off, len);
  NB_TRY(prepare());
  if (!start({.kind = OpKind::kErase, .off = off, .len = len, .duration_ns = erase_ns(off, len)}, false)) return lost();
  return core::ok();
}

core::Status TimedRamFlash::do_start_write(uint32_t off, std::span<const std::byte> in) {
  if (!cfg_.async_program) return do_write(off, in);
  NB_TRY(prepare());
  bg_data_.assign(in.begin(), in.end());
  const auto len = static_cast<uint32_t>(in.size());
  const Op op{.kind = OpKind::kProgram, .off = off, .len = len, .data = bg_data_.data(), .duration_ns = program_ns(len)};
  if (!start(op, false)) return lost();
  return core::ok();
}

core::Result<bool> TimedRamFlash::do_busy() {
  NB_TRY(power_.check(name()));
  if (op_.kind == OpKind::kNone) return false;
  if (power_.clock().now_ns() < op_.start_ns + op_.duration_ns) return true;
  NB_TRY(prepare());  // finished: make it visible
  return false;
}

core::Status TimedRamFlash::do_wait_idle() { return prepare(); }

void TimedRamFlash::power_lost(const PowerCut& cut) {
  if (op_.kind == OpKind::kNone) return;
  const Op op = op_;
  op_ = {};
  const uint64_t elapsed = std::min(cut.at_ns > op.start_ns ? cut.at_ns - op.start_ns : 0, op.duration_ns);
  counters_.busy_ns += elapsed;
  if (op.duration_ns != 0 && elapsed == op.duration_ns) {  // it had finished before the cut
    complete(op);
    return;
  }
  if (op.kind == OpKind::kErase) {
    settle_erase(op, elapsed, cut);
    return;
  }
  TornRng rng(cut.seed ^ salt_ ^ (uint64_t{op.off} * 0x9E3779B97F4A7C15ull));
  detail::settle_program(mem_.data() + op.off, op.data, op.len, geometry().write_block,
                         op.duration_ns == 0 ? 0 : cfg_.program_ns, elapsed, cut.mode, rng);
}

void TimedRamFlash::settle_erase(const Op& op, uint64_t elapsed_ns, const PowerCut& cut) {
  // Sectors erase one after another: those whose time has passed are erased, the one in progress
  // is torn (or left, clean), the rest are untouched. Without times the torn sector is drawn.
  const bool timeless = op.duration_ns == 0;
  if (timeless && cut.mode == CutMode::kClean) return;
  TornRng rng(cut.seed ^ salt_ ^ (uint64_t{op.off} * 0x9E3779B97F4A7C15ull) ^ 0xE4A5Eull);
  uint64_t torn_sector = 0;
  if (timeless) {
    const uint32_t first = geometry().sector_at(op.off)->index;
    const uint32_t end = op.off + op.len == geometry().size ? geometry().sector_count()
                                                            : geometry().sector_at(op.off + op.len)->index;
    torn_sector = rng.below(end - first);
  }
  uint64_t t = 0;
  for (uint32_t at = op.off, i = 0; at < op.off + op.len; ++i) {
    const flash::Sector s = *geometry().sector_at(at);
    const uint64_t d = erase_ns(s.off, s.size);
    const bool finished = timeless ? i < torn_sector : elapsed_ns >= t + d;
    if (!finished) {
      const bool started = timeless || elapsed_ns > t;
      if (started && cut.mode == CutMode::kTorn) {
        detail::tear_erase(std::span(mem_).subspan(s.off, s.size), geometry().erased_value, rng);
      }
      return;
    }
    erase_cells(s.off, s.size);
    t += d;
    at = s.off + s.size;
  }
}

}  // namespace norboot::sim
