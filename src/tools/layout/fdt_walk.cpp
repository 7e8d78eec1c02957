#include "tools/layout/fdt_walk.hpp"

#include <map>

#include <fmt/core.h>
#include <libfdt.h>

#include "core/bytes.hpp"

namespace norboot::tools::layout {
namespace {

constexpr std::array<const char*, 2> kNorCompatibles{"jedec,spi-nor", "nordic,qspi-nor"};

class Blob {
 public:
  Blob(std::string_view blob, std::string files) : fdt_(blob.data()), files_(std::move(files)) {}

  const void* fdt() const { return fdt_; }
  std::string path(int node) const {
    char buf[512];
    return fdt_get_path(fdt_, node, buf, sizeof buf) == 0 ? std::string(buf) : std::string("?");
  }
  std::optional<std::string_view> string_prop(int node, const char* name) const {
    int len = 0;
    const char* v = static_cast<const char*>(fdt_getprop(fdt_, node, name, &len));
    if (v == nullptr || len <= 0 || v[len - 1] != '\0') return std::nullopt;
    return std::string_view(v, static_cast<size_t>(len - 1));
  }
  /// A 1- or 2-cell big-endian number property.
  std::optional<uint64_t> number_prop(int node, const char* name) const {
    int len = 0;
    const auto* v = static_cast<const std::byte*>(fdt_getprop(fdt_, node, name, &len));
    if (v == nullptr) return std::nullopt;
    std::span<const std::byte> b(v, static_cast<size_t>(len));
    if (len == 4) return core::load_be32(b);
    if (len == 8) return (uint64_t{core::load_be32(b)} << 32) | core::load_be32(b, 4);
    return std::nullopt;
  }
  ReadError error(int node, std::string message) const {
    ReadError e;
    e.file = files_;
    e.where = path(node);
    e.message = std::move(message);
    return e;
  }
  const std::string& files() const { return files_; }

 private:
  const void* fdt_;
  std::string files_;
};

/// Node path → its labels, from /__symbols__ (dtc -@).
std::multimap<std::string, std::string> symbols(const Blob& b) {
  std::multimap<std::string, std::string> m;
  const int sym = fdt_path_offset(b.fdt(), "/__symbols__");
  if (sym < 0) return m;
  int prop = 0;
  fdt_for_each_property_offset(prop, b.fdt(), sym) {
    const char* name = nullptr;
    int len = 0;
    const char* v = static_cast<const char*>(fdt_getprop_by_offset(b.fdt(), prop, &name, &len));
    if (v != nullptr && name != nullptr && len > 0 && v[len - 1] == '\0') m.emplace(v, name);
  }
  return m;
}

/// reg = <address size> of `node`, decoded with its parent's #address-cells / #size-cells.
ReadResult<std::pair<uint64_t, uint64_t>> reg_of(const Blob& b, int node) {
  const int parent = fdt_parent_offset(b.fdt(), node);
  const int ac = parent >= 0 ? fdt_address_cells(b.fdt(), parent) : 2;
  const int sc = parent >= 0 ? fdt_size_cells(b.fdt(), parent) : 1;
  if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
    return std::unexpected(b.error(node, fmt::format("unsupported #address-cells {} / #size-cells {}", ac, sc)));
  }
  int len = 0;
  const auto* v = static_cast<const std::byte*>(fdt_getprop(b.fdt(), node, "reg", &len));
  if (v == nullptr) return std::unexpected(b.error(node, "no reg property"));
  if (len < (ac + sc) * 4) {
    return std::unexpected(b.error(node, fmt::format("reg has {} bytes, expected {} (#address-cells {} + #size-cells {})",
                                                     len, (ac + sc) * 4, ac, sc)));
  }
  std::span<const std::byte> c(v, static_cast<size_t>(len));
  auto cells = [&](int first, int n) {
    uint64_t x = 0;
    for (int i = 0; i < n; ++i) x = (x << 32) | core::load_be32(c, static_cast<size_t>(first + i) * 4);
    return x;
  };
  return std::pair{cells(0, ac), cells(ac, sc)};
}

int internal_flash_node(const Blob& b) {
  const int chosen = fdt_path_offset(b.fdt(), "/chosen");
  if (chosen >= 0) {
    if (auto p = b.string_prop(chosen, "zephyr,flash")) {
      const int n = fdt_path_offset(b.fdt(), std::string(*p).c_str());
      if (n >= 0) return n;
    }
  }
  return fdt_node_offset_by_compatible(b.fdt(), -1, "soc-nv-flash");
}

int external_flash_node(const Blob& b) {
  const int chosen = fdt_path_offset(b.fdt(), "/chosen");
  if (chosen >= 0) {
    if (auto p = b.string_prop(chosen, "nordic,pm-ext-flash")) {
      const int n = fdt_path_offset(b.fdt(), std::string(*p).c_str());
      if (n >= 0) return n;
    }
  }
  for (const char* compat : kNorCompatibles) {
    const int n = fdt_node_offset_by_compatible(b.fdt(), -1, compat);
    if (n >= 0) return n;
  }
  return -1;
}

std::string first_label(const std::multimap<std::string, std::string>& syms, const std::string& path) {
  auto it = syms.find(path);
  return it == syms.end() ? std::string() : it->second;
}

ReadResult<DeviceDesc> read_device(const Blob& b, int node, std::string_view id,
                                   const std::multimap<std::string, std::string>& syms) {
  DeviceDesc d;
  d.id = std::string(id);
  d.from = {b.files(), b.path(node), 0};
  d.name = first_label(syms, d.from.where);
  if (d.name.empty()) d.name = fdt_get_name(b.fdt(), node, nullptr);
  if (id == kInternal) {
    auto reg = reg_of(b, node);
    if (reg) d.size = reg->second;
    if (auto e = b.number_prop(node, "erase-block-size")) d.erase_block = static_cast<uint32_t>(*e);
    if (auto w = b.number_prop(node, "write-block-size")) d.write_block = static_cast<uint32_t>(*w);
  } else if (auto bits = b.number_prop(node, "size")) {
    d.size = *bits / 8;
    d.size_in_bits = true;
  }
  return d;
}

/// Role from the node's labels first, then its `label` property; a disagreement is a warning.
void assign_role(AreaDesc& a, const std::vector<std::string>& labels, LayoutDesc& out) {
  Role by_node = Role::kOther;
  for (const std::string& l : labels) {
    if (Role r = role_from_name(l); r != Role::kOther) {
      by_node = r;
      a.name = l;
    }
  }
  const Role by_label = a.label.empty() ? Role::kOther : role_from_name(a.label);
  a.role = by_node != Role::kOther ? by_node : by_label;
  if (by_node != Role::kOther && by_label != Role::kOther && by_node != by_label) {
    out.warnings.push_back(fmt::format("{}: node label {} says {} but label = \"{}\" says {}; the node label wins (Zephyr's FIXED_PARTITION_ID uses it)",
                                       a.from.where, a.name, role_name(by_node), a.label, role_name(by_label)));
  }
}

ReadResult<bool> read_partitions(const Blob& b, int flash_node, std::string_view device,
                                 const std::multimap<std::string, std::string>& syms, LayoutDesc& out) {
  int parts = 0;
  fdt_for_each_subnode(parts, b.fdt(), flash_node) {
    if (fdt_node_check_compatible(b.fdt(), parts, "fixed-partitions") != 0) continue;
    int p = 0;
    fdt_for_each_subnode(p, b.fdt(), parts) {
      auto reg = reg_of(b, p);
      if (!reg) return std::unexpected(reg.error());
      if (!fits_32_bits(reg->first, reg->second)) {
        return std::unexpected(b.error(p, fmt::format("reg <0x{:x} 0x{:x}> runs past 4 GiB", reg->first, reg->second)));
      }
      AreaDesc a;
      a.device = std::string(device);
      a.off = reg->first;
      a.size = reg->second;
      a.from = {b.files(), b.path(p), 0};
      if (auto l = b.string_prop(p, "label")) a.label = std::string(*l);
      std::vector<std::string> labels;
      for (auto [it, end] = syms.equal_range(a.from.where); it != end; ++it) labels.push_back(it->second);
      a.name = labels.empty() ? (a.label.empty() ? std::string(fdt_get_name(b.fdt(), p, nullptr)) : a.label) : labels.front();
      assign_role(a, labels, out);
      out.areas.push_back(std::move(a));
    }
  }
  return true;
}

/// fixed-partitions whose parent is neither flash device: skipped with a note.
void note_stray_partitions(const Blob& b, int internal, int external, LayoutDesc& out) {
  for (int n = fdt_node_offset_by_compatible(b.fdt(), -1, "fixed-partitions"); n >= 0;
       n = fdt_node_offset_by_compatible(b.fdt(), n, "fixed-partitions")) {
    const int parent = fdt_parent_offset(b.fdt(), n);
    if (parent != internal && parent != external) {
      out.notes.push_back(fmt::format("{}: fixed-partitions under a node that is neither the internal flash nor a "
                                      "jedec,spi-nor / nordic,qspi-nor chip; skipped",
                                      b.path(n)));
    }
  }
}

}  // namespace

ReadResult<LayoutDesc> walk_devicetree(std::string_view blob, const std::string& files) {
  if (blob.size() < 40 || fdt_check_header(blob.data()) != 0 || fdt_totalsize(blob.data()) > blob.size()) {
    ReadError e;
    e.file = files;
    e.message = "not a valid devicetree blob";
    return std::unexpected(e);
  }
  const Blob b(blob, files);
  LayoutDesc out;
  out.kind = SourceKind::kDevicetree;
  out.file = files;
  const auto syms = symbols(b);
  const int internal = internal_flash_node(b);
  const int external = external_flash_node(b);
  for (auto [node, id] : {std::pair{internal, kInternal}, std::pair{external, kExternal}}) {
    if (node < 0) continue;
    auto d = read_device(b, node, id, syms);
    if (!d) return std::unexpected(d.error());
    out.devices.push_back(std::move(*d));
    auto parts = read_partitions(b, node, id, syms, out);
    if (!parts) return std::unexpected(parts.error());
  }
  note_stray_partitions(b, internal, external, out);
  if (internal < 0) out.notes.push_back("no internal flash node (chosen zephyr,flash or compatible \"soc-nv-flash\")");
  if (external < 0) out.notes.push_back("no external flash node (compatible \"jedec,spi-nor\" or \"nordic,qspi-nor\")");
  return out;
}

}  // namespace norboot::tools::layout
