#include "flash/flash.hpp"

namespace norboot::flash {

using core::Errc;
using core::Error;
using core::fail;

Status Flash::check_range(uint32_t off, uint64_t len) const {
  if (uint64_t{off} + len > geometry_.size) {
    return fail(Error{.code = Errc::kOutOfRange, .what = "range past end of device"}
                    .at(name_, off)
                    .values(geometry_.size, uint64_t{off} + len));
  }
  return core::ok();
}

Status Flash::check_erase_range(uint32_t off, uint64_t len) const {
  NB_TRY(check_range(off, len));
  if (!geometry_.is_sector_boundary(off)) {
    auto s = geometry_.sector_at(off);
    return fail(Error{.code = Errc::kMisaligned, .what = "erase start not on a sector boundary"}
                    .at(name_, off)
                    .values(s ? s->off : 0, off));
  }
  uint32_t end = static_cast<uint32_t>(off + len);
  if (!geometry_.is_sector_boundary(end)) {
    auto s = geometry_.sector_at(end);
    return fail(Error{.code = Errc::kMisaligned, .what = "erase end not on a sector boundary"}
                    .at(name_, end)
                    .values(s ? s->off + s->size : 0, end));
  }
  return core::ok();
}

Status Flash::read(uint32_t off, std::span<std::byte> out) {
  NB_TRY(check_range(off, out.size()));
  if (out.empty()) return core::ok();
  return do_read(off, out);
}

Status Flash::check_write(uint32_t off, std::span<const std::byte> in) const {
  NB_TRY(check_range(off, in.size()));
  const uint32_t wb = geometry_.write_block;
  if (off % wb != 0) {
    return fail(Error{.code = Errc::kMisaligned, .what = "write offset not a multiple of the write block"}
                    .at(name_, off)
                    .values(wb, off % wb));
  }
  if (in.size() % wb != 0) {
    return fail(Error{.code = Errc::kMisaligned, .what = "write length not a multiple of the write block"}
                    .at(name_, off)
                    .values(wb, in.size()));
  }
  return core::ok();
}

Status Flash::write(uint32_t off, std::span<const std::byte> in) {
  NB_TRY(check_write(off, in));
  if (in.empty()) return core::ok();
  return do_write(off, in);
}

Status Flash::start_write(uint32_t off, std::span<const std::byte> in) {
  NB_TRY(check_write(off, in));
  const uint32_t page = geometry_.page_size;
  if (page != 0 && (off % page) + in.size() > page) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "background write crosses a program page"}
                    .at(name_, off)
                    .values(page, (off % page) + in.size()));
  }
  if (in.empty()) return core::ok();
  return do_start_write(off, in);
}

Status Flash::erase(uint32_t off, uint32_t len) {
  NB_TRY(check_erase_range(off, len));
  if (len == 0) return core::ok();
  return do_erase(off, len);
}

Status Flash::start_erase(uint32_t off, uint32_t len) {
  NB_TRY(check_erase_range(off, len));
  if (len == 0) return core::ok();
  return do_start_erase(off, len);
}

Result<bool> Flash::busy() { return do_busy(); }

Status Flash::wait_idle() { return do_wait_idle(); }

Status Flash::do_wait_idle() {
  // Devices with background work override this with a clock-bounded poll; the default spins on
  // busy(), which a synchronous device answers false at once.
  while (NB_TRY(do_busy())) {
  }
  return core::ok();
}

}  // namespace norboot::flash
