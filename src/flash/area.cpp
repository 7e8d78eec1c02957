#include "flash/area.hpp"

namespace norboot::flash {

using core::Errc;
using core::Error;
using core::fail;

Status Area::check(uint32_t rel, uint64_t len) const {
  if (uint64_t{rel} + len > size) {
    return fail(Error{.code = Errc::kOutOfRange, .what = "range past end of area"}
                    .at(dev ? dev->name() : "", off + rel)
                    .in_area(name)
                    .values(size, uint64_t{rel} + len));
  }
  return core::ok();
}

namespace {
Status tag(Status s, const char* area) {
  if (!s && s.error().area[0] == '\0') return fail(s.error().in_area(area));
  return s;
}
}  // namespace

Status Area::read(uint32_t rel, std::span<std::byte> out) const {
  NB_TRY(check(rel, out.size()));
  return tag(dev->read(off + rel, out), name);
}

Status Area::write(uint32_t rel, std::span<const std::byte> in) const {
  NB_TRY(check(rel, in.size()));
  return tag(dev->write(off + rel, in), name);
}

Status Area::erase(uint32_t rel, uint32_t len) const {
  NB_TRY(check(rel, len));
  return tag(dev->erase(off + rel, len), name);
}

Status Area::start_erase(uint32_t rel, uint32_t len) const {
  NB_TRY(check(rel, len));
  return tag(dev->start_erase(off + rel, len), name);
}

Status Area::start_write(uint32_t rel, std::span<const std::byte> in) const {
  NB_TRY(check(rel, in.size()));
  return tag(dev->start_write(off + rel, in), name);
}

std::optional<Sector> Area::sector_at(uint32_t rel) const {
  if (rel >= size) return std::nullopt;
  auto s = dev->geometry().sector_at(off + rel);
  if (!s) return std::nullopt;
  s->off -= off;
  return s;
}

uint32_t Area::sector_count() const {
  uint32_t n = 0;
  for (uint32_t rel = 0; rel < size;) {
    auto s = dev->geometry().sector_at(off + rel);
    if (!s) break;
    rel = s->off + s->size - off;
    ++n;
  }
  return n;
}

bool Area::is_sector_aligned() const {
  const Geometry& g = dev->geometry();
  return uint64_t{off} + size <= g.size && g.is_sector_boundary(off) && g.is_sector_boundary(off + size);
}

bool Area::overlaps(const Area& other) const {
  if (dev != other.dev || size == 0 || other.size == 0) return false;
  return off < other.off + other.size && other.off < off + size;
}

}  // namespace norboot::flash
