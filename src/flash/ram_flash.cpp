#include "flash/ram_flash.hpp"

#include <cstring>

namespace norboot::flash {

RamFlash::RamFlash(const char* name, const Geometry& g, std::span<std::byte> storage)
    : Flash(name, g), mem_(storage) {}

void RamFlash::format() { std::memset(mem_.data(), geometry().erased_value, mem_.size()); }

Status RamFlash::do_read(uint32_t off, std::span<std::byte> out) {
  std::memcpy(out.data(), mem_.data() + off, out.size());
  return core::ok();
}

Status RamFlash::do_write(uint32_t off, std::span<const std::byte> in) {
  std::byte* dst = mem_.data() + off;
  for (size_t i = 0; i < in.size(); ++i) dst[i] &= in[i];
  return core::ok();
}

Status RamFlash::do_erase(uint32_t off, uint32_t len) {
  std::memset(mem_.data() + off, geometry().erased_value, len);
  return core::ok();
}

}  // namespace norboot::flash
