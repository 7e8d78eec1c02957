// SpiNor: write enable with the WEL check, the operation in flight, and the WIP wait.
//
// The wait costs no bus time it does not need: nothing is polled before the part's typical time
// has passed (the first poll usually finds it done), then RDSR every typical / poll_divisor until
// the deadline (maximum time × margin). busy() follows the same rule, so a caller polling in a
// loop does not flood the bus either.
#include <algorithm>
#include <array>

#include "core/div.hpp"
#include "spinor/opcodes.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::spinor {

using core::Errc;
using core::Error;
using core::fail;

namespace {

struct OpText {
  const char* wel;      // WREN did not set WEL
  const char* timeout;  // WIP still set at the deadline
};

// Indexed by SpiNor::OpKind.
constexpr std::array<OpText, 6> kOpText{{
    {"", ""},
    {"page program: WEL not set after WREN", "page program: WIP still set after the maximum program time"},
    {"erase: WEL not set after WREN", "erase: WIP still set after the maximum erase time"},
    {"chip erase: WEL not set after WREN", "chip erase: WIP still set after the maximum chip-erase time"},
    {"status write: WEL not set after WREN", "status write: WIP still set after the maximum write time"},
    {"enter 4-byte mode: WEL not set after WREN", "enter 4-byte mode: WIP still set"},
}};

}  // namespace

core::Status SpiNor::write_enable(OpKind kind, uint32_t off) {
  NB_TRY(named(port_.command(op::kWriteEnable), off));
  ++stats_.wel_checks;
  const uint8_t sr = NB_TRY(named(port_.read_status(), off));
  if ((sr & op::kStatusWel) == 0) {
    return fail(Error{.code = Errc::kIo, .what = kOpText[static_cast<size_t>(kind)].wel}
                    .at(name(), off)
                    .values(op::kStatusWel, sr));
  }
  return core::ok();
}

// The poll interval of a program is a fraction of the full-page time even for a short one: parts
// whose short programs take the page time despite SFDP's byte times would otherwise be polled
// dozens of times. The divisions are core::div_u64: no libgcc 64-bit division in a boot binary.
void SpiNor::start_pending(OpKind kind, uint32_t off, uint64_t typ_ns, uint64_t max_ns) {
  const uint64_t now = clock_.now_ns();
  const uint64_t limit = core::div_u64(std::max(max_ns, typ_ns) * cfg_.deadline_margin_pct, 100).quot;
  const uint64_t poll_base = kind == OpKind::kProgram ? std::max(typ_ns, chip_.page_program_typ_ns) : typ_ns;
  const uint64_t poll_ns = core::div_u64(poll_base, std::max<uint32_t>(cfg_.poll_divisor, 1u)).quot;
  pending_ = Pending{.kind = kind,
                     .off = off,
                     .started_ns = now,
                     .ready_ns = now + typ_ns,
                     .deadline_ns = now + limit,
                     .poll_ns = std::max(poll_ns, cfg_.min_poll_interval_ns)};
}

// One RDSR. True while the operation in flight (or the rest of an erase range) goes on: when an
// erase unit has finished and the range has more, the next unit is issued here.
core::Result<bool> SpiNor::poll_pending() {
  ++stats_.status_polls;
  const uint8_t sr = NB_TRY(named(port_.read_status(), pending_.off));
  if (sr & op::kStatusWip) {
    const uint64_t now = clock_.now_ns();
    if (now < pending_.deadline_ns) return true;
    const Pending late = pending_;
    pending_ = {};
    erase_end_ = erase_next_;
    return fail(Error{.code = Errc::kTimeout, .what = kOpText[static_cast<size_t>(late.kind)].timeout}
                    .at(name(), late.off)
                    .values(late.deadline_ns - late.started_ns, now - late.started_ns));
  }
  const bool more = pending_.kind == OpKind::kErase && erase_next_ < erase_end_;
  pending_ = {};
  if (!more) return false;
  const core::Status next = issue_next_erase_unit();
  if (!next) {
    erase_end_ = erase_next_;  // abandon the rest of the range; the error says where
    return fail(next.error());
  }
  return true;
}

core::Result<bool> SpiNor::do_busy() {
  if (pending_.kind == OpKind::kNone) return false;
  if (clock_.now_ns() < pending_.ready_ns) return true;  // the typical time has not passed
  return poll_pending();
}

core::Status SpiNor::do_wait_idle() { return settle(); }

core::Status SpiNor::settle() {
  while (pending_.kind != OpKind::kNone) {
    const uint64_t now = clock_.now_ns();
    if (now < pending_.ready_ns) {
      sleep(pending_.ready_ns - now);
      continue;
    }
    const Pending polled = pending_;
    if (!NB_TRY(poll_pending())) break;
    const bool same_unit = pending_.off == polled.off && pending_.started_ns == polled.started_ns;
    if (same_unit) sleep(pending_.poll_ns);  // still busy; a newly issued erase unit sleeps its typical time
  }
  return core::ok();
}

void SpiNor::sleep(uint64_t ns) {
  ++stats_.sleeps;
  stats_.sleep_ns += ns;
  clock_.sleep_ns(ns);
}

}  // namespace norboot::spinor
