#include "sim/mcu_flash_model.hpp"

#include <algorithm>
#include <cstring>

#include "sim/detail/nor_cells.hpp"

namespace norboot::sim {

using core::Errc;
using core::Error;
using core::fail;

McuFlashModel::McuFlashModel(const McuFlashSpec& spec, PowerDomain& power, TimingColumn timing, const char* name)
    : spec_(spec),
      timing_(spec.timing(timing)),
      power_(power),
      name_(name),
      salt_(detail::device_salt(name)),
      mem_(spec.geometry.size, std::byte{spec.geometry.erased_value}) {
  const flash::Geometry& g = spec_.geometry;
  if (spec_.max_writes_per_unit != 0) write_counts_.assign(g.size / g.write_block, 0);
  for (size_t r = 0; r < g.run_count; ++r) sector_erase_ns_.insert(sector_erase_ns_.end(), g.runs[r].count, timing_.erase_ns[r]);
  counters_.sector_erases.assign(g.sector_count(), 0);
  power_.attach(this);
}

uint64_t McuFlashModel::program_ns(uint32_t len) const {
  return uint64_t{len / spec_.geometry.write_block} * timing_.program_unit_ns;
}

uint64_t McuFlashModel::erase_ns(uint32_t sector_off) const {
  const auto s = spec_.geometry.sector_at(sector_off);
  return s ? sector_erase_ns_[s->index] : 0;
}

uint8_t McuFlashModel::write_count(uint32_t off) const {
  return write_counts_.empty() ? 0 : write_counts_[off / spec_.geometry.write_block];
}

void McuFlashModel::restore(const Snapshot& s) {
  mem_ = s.cells;
  write_counts_ = s.write_counts;
  in_flight_ = {};
}

core::Status McuFlashModel::lost() const {
  return fail(Error{.code = Errc::kPowerLost, .what = "power is off", .device = name_});
}

core::Status McuFlashModel::check_range(uint32_t off, uint64_t len) const {
  if (uint64_t{off} + len <= spec_.geometry.size) return core::ok();
  return fail(Error{.code = Errc::kOutOfRange, .what = "range past end of internal flash"}
                  .at(name_, off)
                  .values(spec_.geometry.size, uint64_t{off} + len));
}

core::Status McuFlashModel::check_write_counts(uint32_t off, uint32_t len) const {
  if (write_counts_.empty()) return core::ok();
  const uint32_t unit = spec_.geometry.write_block;
  const uint8_t limit = spec_.max_writes_per_unit;
  for (uint32_t i = off / unit, end = (off + len) / unit; i < end; ++i) {
    if (write_counts_[i] >= limit) {
      return fail(Error{.code = Errc::kWriteLimit, .what = "program unit written more often than allowed between erases"}
                      .at(name_, i * unit)
                      .values(limit, uint64_t{write_counts_[i]} + 1));
    }
  }
  return core::ok();
}

void McuFlashModel::charge_writes(uint32_t off, size_t units) {
  if (write_counts_.empty()) return;
  uint8_t* c = write_counts_.data() + off / spec_.geometry.write_block;
  for (size_t i = 0; i < units; ++i) c[i] = static_cast<uint8_t>(std::min(c[i] + 1, 255));
}

bool McuFlashModel::run_op(const InFlight& op) {
  in_flight_ = op;
  in_flight_.active = true;
  in_flight_.start_ns = power_.clock().now_ns();
  if (!power_.begin_op(op.duration_ns)) return false;  // cut at this op: power_lost settled it
  power_.clock().advance(op.duration_ns);              // the CPU stalls while the flash works
  if (!power_.alive()) return false;                   // cut at an instant inside it: settled
  in_flight_.active = false;
  counters_.busy_ns += op.duration_ns;
  return true;
}

core::Status McuFlashModel::read(uint32_t off, std::span<std::byte> out) {
  NB_TRY(power_.check(name_));
  NB_TRY(check_range(off, out.size()));
  if (!out.empty()) std::memcpy(out.data(), mem_.data() + off, out.size());
  ++counters_.reads;
  counters_.read_bytes += out.size();
  return core::ok();
}

core::Status McuFlashModel::program(uint32_t off, std::span<const std::byte> in) {
  NB_TRY(power_.check(name_));
  NB_TRY(check_range(off, in.size()));
  const uint32_t unit = spec_.geometry.write_block;
  if (off % unit != 0) {
    return fail(Error{.code = Errc::kMisaligned, .what = "program address not a multiple of the program unit"}
                    .at(name_, off)
                    .values(unit, off % unit));
  }
  if (in.size() % unit != 0) {
    return fail(Error{.code = Errc::kMisaligned, .what = "program length not a multiple of the program unit"}
                    .at(name_, off)
                    .values(unit, in.size()));
  }
  if (in.empty()) return core::ok();
  const auto len = static_cast<uint32_t>(in.size());
  NB_TRY(check_write_counts(off, len));
  const InFlight op{.off = off, .len = len, .data = in.data(), .duration_ns = program_ns(len)};
  if (!run_op(op)) return lost();
  complete(op);
  return core::ok();
}

core::Status McuFlashModel::erase_sector(uint32_t sector_off) {
  NB_TRY(power_.check(name_));
  const auto s = spec_.geometry.sector_at(sector_off);
  if (!s) return check_range(sector_off, 1);
  if (s->off != sector_off) {
    return fail(Error{.code = Errc::kMisaligned, .what = "erase address not a sector start"}
                    .at(name_, sector_off)
                    .values(s->off, sector_off));
  }
  const InFlight op{.erase = true, .off = s->off, .len = s->size, .duration_ns = sector_erase_ns_[s->index]};
  if (!run_op(op)) return lost();
  complete(op);
  return core::ok();
}

void McuFlashModel::complete(const InFlight& op) {
  const uint32_t unit = spec_.geometry.write_block;
  if (op.erase) {
    std::memset(mem_.data() + op.off, spec_.geometry.erased_value, op.len);
    if (!write_counts_.empty()) std::fill_n(write_counts_.begin() + op.off / unit, op.len / unit, uint8_t{0});
    ++counters_.erases;
    counters_.erase_bytes += op.len;
    ++counters_.sector_erases[spec_.geometry.sector_at(op.off)->index];
  } else {
    detail::program_and(mem_.data() + op.off, op.data, op.len);
    charge_writes(op.off, op.len / unit);
    ++counters_.programs;
    counters_.program_bytes += op.len;
  }
}

void McuFlashModel::power_lost(const PowerCut& cut) {
  if (!in_flight_.active) return;
  const InFlight op = in_flight_;
  in_flight_.active = false;
  const uint64_t elapsed = std::min(cut.at_ns > op.start_ns ? cut.at_ns - op.start_ns : 0, op.duration_ns);
  counters_.busy_ns += elapsed;
  if (op.duration_ns != 0 && elapsed == op.duration_ns) {  // it had finished before the cut
    complete(op);
    return;
  }
  TornRng rng(cut.seed ^ salt_ ^ (uint64_t{op.off} * 0x9E3779B97F4A7C15ull) ^ (op.erase ? 0xE4A5Eull : 0));
  if (op.erase) {
    const bool started = elapsed > 0 || op.duration_ns == 0;
    if (cut.mode == CutMode::kTorn && started) {
      detail::tear_erase(std::span(mem_).subspan(op.off, op.len), spec_.geometry.erased_value, rng);
    }
    return;
  }
  const uint64_t unit_ns = op.duration_ns == 0 ? 0 : timing_.program_unit_ns;
  charge_writes(op.off, detail::settle_program(mem_.data() + op.off, op.data, op.len, spec_.geometry.write_block,
                                               unit_ns, elapsed, cut.mode, rng));
}

}  // namespace norboot::sim
