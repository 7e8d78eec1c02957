// SpiNor: erases. One range is one sequence of units, each the largest erase type that is aligned
// at the current offset and fits in what is left (the whole device: one chip erase). The blocking
// erase and the background one are the same code: start_erase() issues the first unit, and every
// later unit is issued by whoever sees the previous one finish — busy(), wait_idle() or the next
// call (which waits for the whole range first, as the Flash contract says).
#include "spinor/opcodes.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::spinor {

using core::Errc;
using core::Error;
using core::fail;

core::Status SpiNor::do_erase(uint32_t off, uint32_t len) {
  NB_TRY(do_start_erase(off, len));
  return settle();
}

core::Status SpiNor::do_start_erase(uint32_t off, uint32_t len) {
  NB_TRY(ready_for(off, len, true));
  erase_next_ = off;
  erase_end_ = off + len;
  return issue_next_erase_unit();
}

const EraseType* SpiNor::pick_erase_type(uint32_t at, uint32_t end) const {
  for (size_t i = chip_.erase_count; i-- > 0;) {
    const EraseType& e = chip_.erase[i];
    if (at % e.size == 0 && end - at >= e.size) return &e;
  }
  return nullptr;
}

core::Status SpiNor::issue_next_erase_unit() {
  const uint32_t at = erase_next_;
  if (at == 0 && erase_end_ == chip_.size) {
    NB_TRY(write_enable(OpKind::kChipErase, at));
    NB_TRY(named(port_.command(op::kChipErase), at));
    ++stats_.erase_frames;
    start_pending(OpKind::kChipErase, at, chip_.chip_erase_typ_ns, chip_.chip_erase_max_ns);
    erase_next_ = erase_end_;
    return core::ok();
  }
  const EraseType* unit = pick_erase_type(at, erase_end_);
  if (unit == nullptr) {  // the Flash base checked sector alignment, so only a bad table gets here
    return fail(Error{.code = Errc::kMisaligned, .what = "no erase type fits the range"}
                    .at(name(), at)
                    .values(chip_.erase[0].size, erase_end_ - at));
  }
  NB_TRY(write_enable(OpKind::kErase, at));
  const uint8_t opcode = use_4b_erase_opcodes_ ? unit->opcode_4b : unit->opcode;
  NB_TRY(named(port_.addressed(opcode, at, addr_bytes_), at));
  ++stats_.erase_frames;
  start_pending(OpKind::kErase, at, unit->typ_ns, unit->max_ns);
  erase_next_ = at + unit->size;
  return core::ok();
}

}  // namespace norboot::spinor
