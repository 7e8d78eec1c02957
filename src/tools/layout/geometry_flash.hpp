#pragma once
// GeometryFlash: a flash device known only by its geometry. The boot core's slot arithmetic
// (plan_slots) needs flash::Area objects on real devices; the layout checker has no bytes, so
// every read, write and erase is refused.
#include "flash/flash.hpp"

namespace norboot::tools::layout {

class GeometryFlash final : public flash::Flash {
 public:
  GeometryFlash(const char* name, const flash::Geometry& g) : Flash(name, g) {}

 private:
  core::Status do_read(uint32_t, std::span<std::byte>) override { return refuse(); }
  core::Status do_write(uint32_t, std::span<const std::byte>) override { return refuse(); }
  core::Status do_erase(uint32_t, uint32_t) override { return refuse(); }
  core::Status refuse() const {
    return core::fail(core::Errc::kUnsupported, "a layout-only device holds no data");
  }
};

}  // namespace norboot::tools::layout
