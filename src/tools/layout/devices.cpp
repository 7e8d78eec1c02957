#include "tools/layout/devices.hpp"

#include <fmt/core.h>

namespace norboot::tools::layout {
namespace {

flash::Geometry nor_uniform(uint64_t size) {
  flash::Geometry g = flash::Geometry::uniform(4096, static_cast<uint32_t>(size / 4096), 1, 0xFF, 256);
  g.erase_sizes = {4096, 32768, 65536};
  g.erase_type_count = 3;
  return g;
}

bool uses_device(const LayoutDesc& l, std::string_view id) {
  for (const AreaDesc& a : l.areas) {
    if (a.device == id) return true;
  }
  return false;
}

/// Geometry from a file's own figures, or nullopt with an error finding saying what is missing.
std::optional<flash::Geometry> from_file(const DeviceDesc& d, Findings& out) {
  if (!d.size || *d.size == 0 || *d.size > UINT32_MAX) {
    out.error("device_size_unknown", fmt::format("the size of the {} flash ({}) is not given", d.id, d.name), d.from,
              "pass --board <preset>");
    return std::nullopt;
  }
  if (d.id == kExternal) {
    if (*d.size % 4096 != 0) {
      out.error("device_size_odd", fmt::format("{} is 0x{:x} bytes, not a whole number of 4 KiB sectors", d.name, *d.size), d.from);
      return std::nullopt;
    }
    return nor_uniform(*d.size);
  }
  if (!d.erase_block || *d.erase_block == 0) {
    out.error("erase_block_unknown", fmt::format("the internal flash ({}) gives no erase-block-size", d.name), d.from,
              "pass --board <preset>, or add erase-block-size to the flash node");
    return std::nullopt;
  }
  if (*d.size % *d.erase_block != 0) {
    out.error("device_size_odd", fmt::format("{} is 0x{:x} bytes, not a multiple of its erase block 0x{:x}", d.name, *d.size,
                                             *d.erase_block),
              d.from);
    return std::nullopt;
  }
  return flash::Geometry::uniform(*d.erase_block, static_cast<uint32_t>(*d.size / *d.erase_block), d.write_block.value_or(1));
}

/// Warns where the file's figures disagree with the preset's chip.
void compare_with_preset(const DeviceDesc& d, const flash::Geometry& g, std::string_view chip, Findings& out) {
  if (d.size && *d.size != g.size) {
    std::string hint;
    if (d.size_in_bits && uint64_t{g.size} * 8 == *d.size) {
      hint = fmt::format("Zephyr's jedec,spi-nor `size` is in bits: {} is size = <0x{:x}>", chip, uint64_t{g.size} * 8);
    }
    out.warning("device_size_mismatch",
                fmt::format("{} says {} is 0x{:x} bytes; the board preset's {} is 0x{:x} bytes (the preset is used)",
                            d.from.file, d.name, *d.size, chip, g.size),
                d.from, hint);
  }
  if (d.erase_block && g.run_count == 1 && *d.erase_block != g.runs[0].size) {
    out.warning("erase_block_mismatch",
                fmt::format("{} says {} erases 0x{:x}-byte blocks; the preset's {} erases 0x{:x} (the preset is used)",
                            d.from.file, d.name, *d.erase_block, chip, g.runs[0].size),
                d.from);
  }
}

ResolvedDevice make(std::string_view id, std::string name, const flash::Geometry& g, std::string source) {
  ResolvedDevice r;
  r.id = std::string(id);
  r.name = std::move(name);
  r.geometry = g;
  r.source = std::move(source);
  return r;
}

}  // namespace

const ResolvedDevice* DeviceSet::find(std::string_view id) const {
  for (const ResolvedDevice& d : devices_) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

void DeviceSet::add(ResolvedDevice d) {
  d.flash = std::make_unique<GeometryFlash>(d.id == kInternal ? "internal" : "external", d.geometry);
  devices_.push_back(std::move(d));
}

std::string_view mcu_name(sim::McuFlashKind k) {
  switch (k) {
    case sim::McuFlashKind::kNrf52833: return "nRF52833";
    case sim::McuFlashKind::kNrf52840: return "nRF52840";
    case sim::McuFlashKind::kStm32f4: return "STM32F4";
  }
  return "MCU";
}

DeviceSet resolve_devices(const LayoutDesc& layout, const sim::BoardSpec* board, const LayoutDesc* hint, Findings& out) {
  DeviceSet set;
  for (std::string_view id : {kInternal, kExternal}) {
    const DeviceDesc* d = layout.device(id);
    if (d == nullptr && hint != nullptr) d = hint->device(id);
    if (board != nullptr) {
      const bool internal = id == kInternal;
      const flash::Geometry g = internal ? sim::mcu_geometry(board->mcu) : sim::nor_geometry(board->chip);
      const std::string chip = internal ? fmt::format("{} internal flash", mcu_name(board->mcu)) : std::string(sim::chip_name(board->chip));
      if (d != nullptr) compare_with_preset(*d, g, chip, out);
      set.add(make(id, chip, g, fmt::format("board preset {}", board->name)));
      continue;
    }
    if (!uses_device(layout, id)) continue;
    if (d == nullptr) {
      out.error("device_unknown", fmt::format("{} places areas on the {} flash but describes no such device", layout.file, id),
                {layout.file, "", 0}, "pass --board <preset>");
      continue;
    }
    if (auto g = from_file(*d, out)) set.add(make(id, d->name, *g, d->from.describe()));
  }
  return set;
}

LayoutDesc preset_layout(const sim::BoardSpec& board) {
  LayoutDesc l;
  l.kind = SourceKind::kBoardJson;
  l.file = fmt::format("board preset {}", board.name);
  l.board = std::string(board.name);
  l.strategy = board.default_strategy;
  for (const sim::AreaSpec& s : board.areas) {
    if (s.size == 0) continue;
    AreaDesc a;
    a.name = std::string(s.name);
    a.role = role_from_name(s.name);
    a.device = std::string(s.device == sim::DeviceId::kInternal ? kInternal : kExternal);
    a.off = s.off;
    a.size = s.size;
    a.from = {l.file, a.name, 0};
    l.areas.push_back(std::move(a));
  }
  return l;
}

flash::Area area_on(const DeviceSet& devs, const AreaDesc& a) {
  const ResolvedDevice* d = devs.find(a.device);
  if (d == nullptr || a.end() > d->geometry.size) return {};
  return {d->flash.get(), static_cast<uint32_t>(a.off), static_cast<uint32_t>(a.size), a.name.c_str()};
}

}  // namespace norboot::tools::layout
