#include "tools/inspect/flash_map.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "tools/layout/area_checks.hpp"
#include "tools/layout/layout_render.hpp"

namespace norboot::tools::inspect {
namespace {

constexpr char kFillChar[] = {'.', '#', 'I', 'T'};  // indexed by Fill
constexpr const char* kFillColour[] = {"#f4f4f4", "#9e9e9e", "#4a90d9", "#e8a33d"};

struct Cell {
  uint32_t off, len;
};

Cell cell(const SlotReport& s, int i, int width) {
  const uint64_t size = s.area.size;
  const uint32_t from = static_cast<uint32_t>(size * i / width);
  const uint32_t to = static_cast<uint32_t>(size * (i + 1) / width);
  return {from, std::max<uint32_t>(to - from, 1)};
}

Fill strongest(const SlotReport& s, Cell c) {
  Fill f = Fill::kErased;
  for (const Region& r : s.occupancy) {
    if (r.off < c.off + c.len && c.off < r.off + r.len) f = std::max(f, r.fill);
  }
  return f;
}

std::string annotation(const SlotReport& s) {
  std::string a;
  for (const FoundImage& img : s.images) {
    a += fmt::format("{}image {}.{}.{}+{} at +0x{:x}", a.empty() ? "" : "; ", img.facts.version.major, img.facts.version.minor,
                     img.facts.version.revision, img.facts.version.build, img.off);
  }
  if (s.has_trailer) a += fmt::format("{}trailer: {}", a.empty() ? "" : "; ", trailer_text(s.trailer));
  if (a.empty()) {
    const bool erased = s.erased_bytes == s.area.size;
    a = erased ? "erased" : fmt::format("{} bytes written", s.area.size - s.erased_bytes);
  }
  return a;
}

std::string xml_escape(std::string_view in) {
  std::string out;
  for (char c : in) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string trailer_text(const boot::TrailerState& t) {
  std::string s = fmt::format("magic {}, image_ok {}, copy_done {}, swap_info ", boot::magic_name(t.magic),
                              boot::flag_name(t.image_ok), boot::flag_name(t.copy_done));
  s += t.swap_info_set ? fmt::format("{} (0x{:02x})", boot::swap_type_name(t.swap_type), t.swap_info_raw) : "unset";
  s += t.swap_size_set ? fmt::format(", swap_size 0x{:x}", t.swap_size) : ", swap_size unset";
  return s;
}

std::string area_bar(const SlotReport& s, int width) {
  std::string bar;
  for (int i = 0; i < width; ++i) bar += kFillChar[static_cast<int>(strongest(s, cell(s, i, width)))];
  return bar;
}

std::string flash_map_text(const InspectReport& r, int width) {
  std::string out;
  for (const DeviceDump* d : {&r.target->internal, &r.target->external}) {
    out += fmt::format("  {} — {}, 0x{:x} bytes\n", d->id, d->name, d->geometry.size);
    for (const SlotReport& s : r.slots) {
      if (s.area.device != d->id) continue;
      out += fmt::format("    0x{:06x} {:<18} [{}] {:>9}  {}\n", s.area.off, s.area.name, area_bar(s, width),
                         layout::human_size(s.area.size), annotation(s));
    }
  }
  out += "  legend: I image  # data  . erased  T trailer (written)\n";
  return out;
}

std::string flash_map_svg(const InspectReport& r) {
  constexpr int kBarX = 230, kBarW = 640, kRowH = 34, kCells = 320;
  std::string rows;
  int y = 40;
  for (const DeviceDump* d : {&r.target->internal, &r.target->external}) {
    rows += fmt::format("<text x=\"10\" y=\"{}\" font-weight=\"bold\">{} — {} (0x{:x} bytes)</text>\n", y, d->id,
                        xml_escape(d->name), d->geometry.size);
    y += 14;
    for (const SlotReport& s : r.slots) {
      if (s.area.device != d->id) continue;
      rows += fmt::format("<text x=\"20\" y=\"{}\">0x{:06x} {}</text>\n", y + 14, s.area.off, xml_escape(s.area.name));
      for (int i = 0; i < kCells; ++i) {
        const int fill = static_cast<int>(strongest(s, cell(s, i, kCells)));
        rows += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"2\" height=\"18\" fill=\"{}\"/>", kBarX + i * kBarW / kCells, y,
                            kFillColour[fill]);
      }
      rows += fmt::format("\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"none\" stroke=\"#333\"/>\n", kBarX, y, kBarW);
      rows += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\">{} · {}</text>\n", kBarX, y + 29,
                          layout::human_size(s.area.size), xml_escape(annotation(s)));
      y += kRowH;
    }
    y += 10;
  }
  std::string legend;
  const char* names[] = {"erased", "data", "image", "trailer"};
  for (int i = 0; i < 4; ++i) {
    legend += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#333\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
                          20 + i * 110, y, kFillColour[i], 36 + i * 110, y + 11, names[i]);
  }
  const std::string title = xml_escape(fmt::format("norboot inspect — {} · {} · next boot: {}", r.target->board,
                                                   boot::strategy_name(r.target->config.strategy), r.next.action));
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"{}\" font-family=\"monospace\" font-size=\"12\">\n"
      "<text x=\"10\" y=\"20\" font-size=\"13\">{}</text>\n{}{}</svg>\n",
      y + 30, title, rows, legend);
}

}  // namespace norboot::tools::inspect
