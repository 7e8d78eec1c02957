#include "tools/layout/pm_static_reader.hpp"

#include <array>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "tools/layout/number.hpp"

namespace norboot::tools::layout {
namespace {

struct RegionDevice {
  std::string_view region;
  std::string_view device;
};
constexpr std::array<RegionDevice, 2> kRegions{{{"flash_primary", kInternal}, {"external_flash", kExternal}}};

/// Only Partition Manager's own names count here: an entry called "primary" in a pm_static.yml
/// is some application's partition, not the MCUboot slot.
Role role_of(std::string_view entry) { return entry.starts_with("mcuboot") ? role_from_name(entry) : Role::kOther; }

ReadError error_at(const std::string& file, const YAML::Mark& mark, std::string where, std::string message) {
  ReadError e;
  e.file = file;
  e.where = std::move(where);
  e.line = mark.line >= 0 ? mark.line + 1 : 0;
  e.column = mark.column >= 0 ? mark.column + 1 : 0;
  e.message = std::move(message);
  return e;
}

/// A scalar that must be a number (address, size, end_address).
ReadResult<uint64_t> number_at(const YAML::Node& entry, const std::string& name, const char* key,
                               const std::string& file) {
  const YAML::Node v = entry[key];
  if (!v.IsDefined() || !v.IsScalar()) {
    return std::unexpected(error_at(file, v.IsDefined() ? v.Mark() : entry.Mark(), fmt::format("{}.{}", name, key),
                                    v.IsDefined() ? "must be a number" : "missing"));
  }
  auto n = parse_number(v.Scalar());
  if (!n) {
    return std::unexpected(
        error_at(file, v.Mark(), fmt::format("{}.{}", name, key), fmt::format("'{}' is not a number", v.Scalar())));
  }
  return *n;
}

std::optional<std::string_view> device_for_region(std::string_view region) {
  for (const RegionDevice& r : kRegions) {
    if (r.region == region) return r.device;
  }
  return std::nullopt;
}

/// One top-level entry → an area (or nullopt when it lives outside flash).
ReadResult<std::optional<AreaDesc>> read_entry(const std::string& name, const YAML::Node& v, const std::string& file,
                                               LayoutDesc& out) {
  if (!v.IsMap()) return std::unexpected(error_at(file, v.Mark(), name, "entry must be a mapping with address and size"));
  const YAML::Node region_node = v["region"];
  // A missing key yields an invalid node; asking its type would throw, so IsDefined() comes first.
  const std::string region = region_node.IsDefined() && region_node.IsScalar() ? region_node.Scalar() : "flash_primary";
  const auto device = device_for_region(region);
  if (!device) {
    out.notes.push_back(fmt::format("{}: region '{}' is not flash; skipped", name, region));
    return std::optional<AreaDesc>{};
  }
  AreaDesc a;
  a.name = name;
  a.role = role_of(name);
  a.device = std::string(*device);
  a.from = {file, name, v.Mark().line + 1};
  auto off = number_at(v, name, "address", file);
  if (!off) return std::unexpected(off.error());
  a.off = *off;
  if (v["size"].IsDefined()) {
    auto size = number_at(v, name, "size", file);
    if (!size) return std::unexpected(size.error());
    a.size = *size;
  }
  if (v["end_address"].IsDefined()) {
    auto end = number_at(v, name, "end_address", file);
    if (!end) return std::unexpected(end.error());
    if (!v["size"].IsDefined() && *end >= a.off) a.size = *end - a.off;
    if (*end != a.off + a.size) {
      return std::unexpected(error_at(file, v["end_address"].Mark(), name + ".end_address",
                                      fmt::format("0x{:x} disagrees with address 0x{:x} + size 0x{:x} = 0x{:x}", *end,
                                                  a.off, a.size, a.off + a.size)));
    }
  } else if (!v["size"].IsDefined()) {
    return std::unexpected(error_at(file, v.Mark(), name + ".size", "missing (and no end_address)"));
  }
  if (!fits_32_bits(a.off, a.size)) {
    return std::unexpected(error_at(file, v.Mark(), name, fmt::format("0x{:x} + 0x{:x} runs past 4 GiB", a.off, a.size)));
  }
  a.container = v["span"].IsDefined() || name == "external_flash";
  return std::optional<AreaDesc>{std::move(a)};
}

}  // namespace

ReadResult<LayoutDesc> read_pm_static(std::string_view text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return std::unexpected(error_at(file, e.mark, "", e.msg));
  }
  if (!root.IsMap()) {
    return std::unexpected(error_at(file, root.Mark(), "", "expected a mapping of partition names to {address, size}"));
  }
  LayoutDesc out;
  out.kind = SourceKind::kPmStatic;
  out.file = file;
  try {
    for (const auto& kv : root) {
      if (!kv.first.IsScalar()) return std::unexpected(error_at(file, kv.first.Mark(), "", "partition name must be a string"));
      auto area = read_entry(kv.first.Scalar(), kv.second, file, out);
      if (!area) return std::unexpected(area.error());
      if (*area) out.areas.push_back(std::move(**area));
    }
  } catch (const YAML::Exception& e) {
    return std::unexpected(error_at(file, e.mark, "", e.msg));
  }
  return out;
}

}  // namespace norboot::tools::layout
