#include "tools/layout/board_json_reader.hpp"

#include <array>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "tools/layout/number.hpp"

namespace norboot::tools::layout {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> kOffsetKeys{"offset", "off", "address"};

ReadError error_at(const std::string& file, std::string where, std::string message) {
  ReadError e;
  e.file = file;
  e.where = std::move(where);
  e.message = std::move(message);
  return e;
}

/// A JSON number or a numeric string.
ReadResult<uint64_t> number(const json& v, const std::string& file, const std::string& where) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_number_integer()) {
    const int64_t i = v.get<int64_t>();
    if (i >= 0) return static_cast<uint64_t>(i);
  }
  if (v.is_string()) {
    if (auto n = parse_number(v.get_ref<const std::string&>())) return *n;
  }
  return std::unexpected(error_at(file, where, fmt::format("{} is not a number", v.dump())));
}

std::optional<std::string_view> device_id(std::string_view s) {
  if (s == "internal" || s == "mcu" || s == "flash_primary") return kInternal;
  if (s == "external" || s == "nor" || s == "external_flash") return kExternal;
  return std::nullopt;
}

ReadResult<AreaDesc> read_area(const json& v, std::string name, const std::string& file, const std::string& where) {
  if (!v.is_object()) return std::unexpected(error_at(file, where, "an area must be an object {name, device, offset, size}"));
  if (name.empty()) {
    if (!v.contains("name") || !v["name"].is_string()) return std::unexpected(error_at(file, where + ".name", "missing"));
    name = v["name"].get<std::string>();
  }
  AreaDesc a;
  a.name = name;
  a.role = role_from_name(name);
  a.from = {file, where + " (" + name + ")", 0};
  const std::string dev = v.contains("device") && v["device"].is_string() ? v["device"].get<std::string>() : "";
  auto id = device_id(dev);
  if (!id) return std::unexpected(error_at(file, where + ".device", fmt::format("'{}' is neither internal nor external", dev)));
  a.device = std::string(*id);
  const json* off = nullptr;
  for (std::string_view k : kOffsetKeys) {
    if (v.contains(k)) off = &v[std::string(k)];
  }
  if (off == nullptr) return std::unexpected(error_at(file, where + ".offset", "missing"));
  auto o = number(*off, file, where + ".offset");
  if (!o) return std::unexpected(o.error());
  if (!v.contains("size")) return std::unexpected(error_at(file, where + ".size", "missing"));
  auto size = number(v["size"], file, where + ".size");
  if (!size) return std::unexpected(size.error());
  a.off = *o;
  a.size = *size;
  if (!fits_32_bits(a.off, a.size)) {
    return std::unexpected(error_at(file, where, fmt::format("0x{:x} + 0x{:x} runs past 4 GiB", a.off, a.size)));
  }
  return a;
}

ReadResult<std::vector<AreaDesc>> read_areas(const json& areas, const std::string& file, const std::string& where) {
  std::vector<AreaDesc> out;
  if (areas.is_array()) {
    for (size_t i = 0; i < areas.size(); ++i) {
      auto a = read_area(areas[i], "", file, fmt::format("{}[{}]", where, i));
      if (!a) return std::unexpected(a.error());
      out.push_back(std::move(*a));
    }
  } else if (areas.is_object()) {
    if (areas.contains("areas")) return read_areas(areas["areas"], file, where + ".areas");
    for (const auto& [name, v] : areas.items()) {
      auto a = read_area(v, name, file, where + "." + name);
      if (!a) return std::unexpected(a.error());
      out.push_back(std::move(*a));
    }
  } else {
    return std::unexpected(error_at(file, where, "expected an array or an object of areas"));
  }
  return out;
}

ReadResult<std::optional<uint32_t>> optional_u32(const json& obj, const char* key, const std::string& file,
                                                 const std::string& where) {
  if (!obj.contains(key)) return std::optional<uint32_t>{};
  auto n = number(obj[key], file, where + "." + key);
  if (!n) return std::unexpected(n.error());
  if (*n > UINT32_MAX) return std::unexpected(error_at(file, where + "." + key, "larger than 32 bits"));
  return std::optional<uint32_t>{static_cast<uint32_t>(*n)};
}

ReadResult<DeviceDesc> read_device(const json& v, std::string_view key, const std::string& file) {
  const std::string where = fmt::format("devices.{}", key);
  auto id = device_id(key);
  if (!id) return std::unexpected(error_at(file, where, "device must be internal or external"));
  if (!v.is_object()) return std::unexpected(error_at(file, where, "must be an object"));
  DeviceDesc d;
  d.id = std::string(*id);
  d.name = v.contains("chip") && v["chip"].is_string() ? v["chip"].get<std::string>() : std::string(key);
  d.from = {file, where, 0};
  if (v.contains("size")) {
    auto n = number(v["size"], file, where + ".size");
    if (!n) return std::unexpected(n.error());
    d.size = *n;
  }
  auto sector = optional_u32(v, "sector_size", file, where);
  if (!sector) return std::unexpected(sector.error());
  d.erase_block = *sector;
  auto wb = optional_u32(v, "write_block", file, where);
  if (!wb) return std::unexpected(wb.error());
  d.write_block = *wb;
  return d;
}

ReadResult<std::vector<DeviceDesc>> read_devices(const json& devs, const std::string& file) {
  std::vector<DeviceDesc> out;
  if (!devs.is_object()) return std::unexpected(error_at(file, "devices", "expected an object keyed by device"));
  for (const auto& [key, v] : devs.items()) {
    auto d = read_device(v, key, file);
    if (!d) return std::unexpected(d.error());
    out.push_back(std::move(*d));
  }
  return out;
}

/// The top-level scalars: board preset, strategy, max align.
ReadResult<bool> read_settings(const json& root, const std::string& file, LayoutDesc& out) {
  if (root.contains("board")) {
    if (!root["board"].is_string()) return std::unexpected(error_at(file, "board", "must be a preset name"));
    out.board = root["board"].get<std::string>();
  }
  if (root.contains("strategy")) {
    const json& s = root["strategy"];
    auto st = s.is_string() ? boot::parse_strategy(s.get_ref<const std::string&>()) : std::nullopt;
    if (!st) return std::unexpected(error_at(file, "strategy", fmt::format("{} is not a strategy", s.dump())));
    out.strategy = *st;
  }
  auto align = optional_u32(root, "max_align", file, "");
  if (!align) return std::unexpected(align.error());
  out.max_align = *align;
  return true;
}

}  // namespace

ReadResult<LayoutDesc> read_board_json(std::string_view text, const std::string& file) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    ReadError err = error_at(file, "", e.what());
    err.line = 1;
    for (size_t i = 0; i < e.byte && i < text.size(); ++i) err.line += text[i] == '\n' ? 1 : 0;
    return std::unexpected(err);
  } catch (const json::exception& e) {
    // The parser also throws out_of_range for a number too large for a double (found by the fuzzer).
    return std::unexpected(error_at(file, "", e.what()));
  }
  if (!root.is_object()) return std::unexpected(error_at(file, "", "expected a JSON object"));
  LayoutDesc out;
  out.kind = SourceKind::kBoardJson;
  out.file = file;
  auto settings = read_settings(root, file, out);
  if (!settings) return std::unexpected(settings.error());
  const char* key = root.contains("layout") ? "layout" : root.contains("areas") ? "areas" : nullptr;
  if (key != nullptr) {
    auto areas = read_areas(root[key], file, key);
    if (!areas) return std::unexpected(areas.error());
    out.areas = std::move(*areas);
  }
  if (root.contains("devices")) {
    auto devs = read_devices(root["devices"], file);
    if (!devs) return std::unexpected(devs.error());
    out.devices = std::move(*devs);
  }
  if (key == nullptr && !out.board) {
    return std::unexpected(error_at(file, "", "neither a layout nor a board preset (expected \"layout\" or \"board\")"));
  }
  return out;
}

}  // namespace norboot::tools::layout
