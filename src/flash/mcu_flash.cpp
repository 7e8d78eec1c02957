#include "flash/mcu_flash.hpp"

namespace norboot::flash {

Status McuFlash::named(Status s) const {
  if (s) return s;
  core::Error e = s.error();
  e.device = name();
  return core::fail(e);
}

Status McuFlash::do_read(uint32_t off, std::span<std::byte> out) { return named(hw_.read(off, out)); }

Status McuFlash::do_write(uint32_t off, std::span<const std::byte> in) { return named(hw_.program(off, in)); }

Status McuFlash::do_erase(uint32_t off, uint32_t len) {
  // Flash::erase has checked that both ends are sector boundaries, so the walk lands on each
  // sector start and ends exactly at off + len.
  const uint64_t end = uint64_t{off} + len;
  for (uint64_t at = off; at < end;) {
    const std::optional<Sector> s = geometry().sector_at(static_cast<uint32_t>(at));
    if (!s) break;
    NB_TRY(named(hw_.erase_sector(s->off)));
    at = uint64_t{s->off} + s->size;
  }
  return core::ok();
}

}  // namespace norboot::flash
