// SpiNor: construction, reads and programs (frame shaping for the bus rules, the bounce buffer).
#include "spinor/spi_nor.hpp"

#include <algorithm>
#include <cstring>

#include "spinor/opcodes.hpp"

namespace norboot::spinor {

using core::Errc;
using core::Error;
using core::fail;

namespace {

constexpr uint32_t round_down(uint32_t v, uint32_t a) { return v / a * a; }
constexpr uint32_t round_up(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }

bool aligned(const void* p, uint32_t a) { return a <= 1 || reinterpret_cast<uintptr_t>(p) % a == 0; }

/// The part of `work` that starts on the bus's buffer alignment.
std::span<std::byte> align_work(std::span<std::byte> work, uint32_t a) {
  if (a <= 1) return work;
  const size_t skip = (a - reinterpret_cast<uintptr_t>(work.data()) % a) % a;
  return skip >= work.size() ? std::span<std::byte>{} : work.subspan(skip);
}

}  // namespace

SpiNor::SpiNor(SpiBus& bus, core::Clock& clock, std::span<std::byte> work, const SpiNorConfig& cfg)
    : Flash(cfg.name, flash::Geometry{}),
      bus_(bus),
      clock_(clock),
      work_(align_work(work, bus.rules().buffer_align)),
      cfg_(cfg),
      port_(bus, stats_) {}

core::Status SpiNor::ready_for(uint32_t off, uint64_t len, bool modifies) {
  if (!probed_) {
    return fail(Error{.code = Errc::kBadState, .what = "driver not probed: call probe() first"}.at(name(), off));
  }
  if (in_deep_power_down_) {
    return fail(Error{.code = Errc::kBadState, .what = "in deep power-down: call exit_deep_power_down() first"}
                    .at(name(), off));
  }
  if (modifies && protect_.overlaps(off, len)) {
    return fail(Error{.code = Errc::kWriteProtected, .what = "range reaches the block-protected region"}
                    .at(name(), std::max(off, protect_.off))
                    .values(protect_.off, uint64_t{off} + len));
  }
  return settle();
}

core::Status SpiNor::do_read(uint32_t off, std::span<std::byte> out) {
  NB_TRY(ready_for(off, out.size(), false));
  for (size_t done = 0; done < out.size();) {
    NB_TRY(read_chunk(off + static_cast<uint32_t>(done), out.subspan(done), done));
  }
  return core::ok();
}

// One read frame. Straight into the caller's buffer when the bus accepts it as it is; otherwise
// (QSPI: unaligned offset, length or pointer) the aligned window around it goes through the work
// buffer and only the asked-for bytes are copied out.
core::Status SpiNor::read_chunk(uint32_t off, std::span<std::byte> out, size_t& done) {
  const BusRules& r = port_.rules();
  const uint32_t a = r.data_align;
  const uint32_t segment = round_down(r.max_segment, a);
  const uint32_t lead = off % a;
  if (lead == 0 && out.size() >= a && aligned(out.data(), r.buffer_align)) {
    const uint32_t n = round_down(static_cast<uint32_t>(std::min<size_t>(out.size(), segment)), a);
    NB_TRY(named(port_.read_array(read_opcode_, off, addr_bytes_, out.first(n)), off));
    done += n;
    return core::ok();
  }
  const uint32_t cap = round_down(static_cast<uint32_t>(std::min<size_t>(work_.size(), segment)), a);
  const uint32_t window = std::min(round_up(lead + static_cast<uint32_t>(std::min<size_t>(out.size(), cap)), a), cap);
  NB_TRY(named(port_.read_array(read_opcode_, off - lead, addr_bytes_, work_.first(window)), off - lead));
  const size_t n = std::min<size_t>(window - lead, out.size());
  std::memcpy(out.data(), work_.data() + lead, n);
  stats_.bounce_bytes += window;
  done += n;
  return core::ok();
}

core::Status SpiNor::do_write(uint32_t off, std::span<const std::byte> in) {
  NB_TRY(ready_for(off, in.size(), true));
  NB_TRY(program_range(off, in));
  return settle();
}

core::Status SpiNor::do_start_write(uint32_t off, std::span<const std::byte> in) {
  NB_TRY(ready_for(off, in.size(), true));
  return program_range(off, in);  // the last program runs on while the caller works
}

// Page programs, each: staged in the work buffer, never across a page boundary (the chip would
// wrap inside the page), at most one bus segment. The last one is left running (pending_).
//
// Where the bus demands aligned address and length (nRF QSPI: 4), the program covers the aligned
// window around the data and the extra bytes are 0xFF. No read-modify-write is needed: programming
// only clears bits, so a 0xFF byte leaves whatever its cell holds — erased or already written.
core::Status SpiNor::program_range(uint32_t off, std::span<const std::byte> in) {
  const BusRules& r = port_.rules();
  const uint32_t a = r.data_align;
  const uint32_t cap = round_down(static_cast<uint32_t>(std::min<size_t>(work_.size(), r.max_segment)), a);
  const uint32_t page = chip_.page_size;
  for (size_t done = 0; done < in.size();) {
    const uint32_t at = off + static_cast<uint32_t>(done);
    const uint32_t lead = at % a;
    const uint32_t n = std::min({static_cast<uint32_t>(in.size() - done), page - at % page, cap - lead});
    const uint32_t window = round_up(lead + n, a);
    NB_TRY(settle());  // the previous page must finish before WREN is accepted
    std::memset(work_.data(), 0xFF, window);
    std::memcpy(work_.data() + lead, in.data() + done, n);
    stats_.bounce_bytes += window;
    NB_TRY(write_enable(OpKind::kProgram, at - lead));
    NB_TRY(named(port_.program(program_opcode_, at - lead, addr_bytes_, work_.first(window)), at - lead));
    start_pending(OpKind::kProgram, at - lead, chip_.program_typ_ns(window), chip_.program_max_ns());
    done += n;
  }
  return core::ok();
}

}  // namespace norboot::spinor
