#include "tools/imgtool/dumpinfo.hpp"

#include <algorithm>
#include <array>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "core/bytes.hpp"

#include "boot/trailer.hpp"
#include "flash/ram_flash.hpp"
#include "image/header.hpp"
#include "image/tlv.hpp"
#include "tools/imgtool/text_args.hpp"
#include "tools/output.hpp"

namespace norboot::tools::imgtool {

namespace {

using nlohmann::json;
using Ordered = nlohmann::ordered_json;

std::string banner(const std::string& title) {
  std::string s = "#### " + title + " ";
  if (s.size() < 60) s += std::string(60 - s.size(), '#');
  return s + "\n";
}
const std::string kRule = std::string(60, '#') + "\n";

std::string hex_lines(std::span<const std::byte> b, size_t indent) {
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i != 0 && i % 8 == 0) out += "\n" + std::string(indent, ' ');
    out += fmt::format("0x{:02x} ", std::to_integer<unsigned>(b[i]));
  }
  return out + "\n";
}

std::string hex_string(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x}", std::to_integer<unsigned>(x));
  return s;
}

std::string flag_names(uint32_t flags) {
  if (flags == 0) return "0x0";
  static const std::pair<uint32_t, const char*> kNames[] = {
      {image::kFlagPic, "PIC"}, {image::kFlagEncryptedAes128, "ENCRYPTED_AES128"}, {image::kFlagEncryptedAes256, "ENCRYPTED_AES256"},
      {image::kFlagNonBootable, "NON_BOOTABLE"}, {image::kFlagRamLoad, "RAM_LOAD"}, {image::kFlagRomFixed, "ROM_FIXED"},
      {image::kFlagCompressedLzma1, "COMPRESSED_LZMA1"}, {image::kFlagCompressedLzma2, "COMPRESSED_LZMA2"},
      {image::kFlagCompressedArmThumb, "COMPRESSED_ARM_THUMB"}};
  std::string names;
  for (auto [bit, name] : kNames) {
    if (flags & bit) names += std::string(names.empty() ? "" : " | ") + name;
  }
  return fmt::format("{} (0x{:x})", names.empty() ? "UNKNOWN" : names, flags);
}

void dump_header(const image::ImageHeader& h, Dump& d) {
  d.text += banner("Image header (offset: 0x0)");
  d.text += fmt::format("magic:              0x{:08x}\nload_addr:          0x{:x}\nhdr_size:           0x{:x}\n", h.magic, h.load_addr, h.hdr_size);
  d.text += fmt::format("protected_tlv_size: 0x{:x}\nimg_size:           0x{:x}\nflags:              {}\n", h.protect_tlv_size, h.img_size,
                        flag_names(h.flags));
  d.text += fmt::format("version:            {}\n", format_version(h.version)) + kRule;
  d.text += banner(fmt::format("Payload (offset: 0x{:x})", h.hdr_size));
  d.text += fmt::format("|{:^58}|\n|{:^58}|\n|{:^58}|\n", "", fmt::format("FW image (size: 0x{:x} Bytes)", h.img_size), "") + kRule;
  d.info["header"] = {{"magic", h.magic}, {"load_addr", h.load_addr}, {"hdr_size", h.hdr_size}, {"protected_tlv_size", h.protect_tlv_size},
                      {"img_size", h.img_size}, {"flags", h.flags}, {"version", format_version(h.version)}};
  d.json["header"] = {{"magic", hex32(h.magic)}, {"load_addr", hex32(h.load_addr)}, {"hdr_size_bytes", h.hdr_size},
                      {"protected_tlv_size_bytes", h.protect_tlv_size}, {"img_size_bytes", h.img_size}, {"flags", hex32(h.flags)},
                      {"flag_names", flag_names(h.flags)}, {"version", format_version(h.version)}};
}

/// Dumps the entries of one area; false (with d.problem set) when the iterator stops on an error.
bool dump_area(const flash::Area& slot, const image::TlvLayout& layout, bool protected_area, Dump& d) {
  // An iterator over this one area: the other one is given no bytes.
  image::TlvLayout part = layout;
  if (protected_area) {
    part.unprot_off = layout.prot_off + layout.prot_size;
    part.unprot_size = 0;
  } else {
    part.prot_size = 0;
  }
  const uint32_t off = protected_area ? layout.prot_off : layout.unprot_off;
  const uint32_t size = protected_area ? layout.prot_size : layout.unprot_size;
  image::TlvIterator it(slot, part);
  d.text += banner(fmt::format("{} (offset: 0x{:x})", protected_area ? "Protected TLV area" : "TLV area", off));
  d.text += fmt::format("magic:     0x{:04x}\narea size: 0x{:x}\n", protected_area ? image::kTlvProtInfoMagic : image::kTlvInfoMagic, size);
  json entries = json::array();
  Ordered info_entries = Ordered::array();
  image::TlvEntry e;
  for (;;) {
    auto more = it.next(e);
    if (!more) {
      d.problem = more.error();
      break;
    }
    if (!*more) break;
    std::vector<std::byte> value(e.len);
    (void)slot.read(e.value_off, value);
    const auto& kind = image::tlv_kind(e.type);
    d.text += fmt::format("        ---------------------------------------------\n        type: {} (0x{:x})\n        len:  0x{:x}\n", kind.name, e.type, e.len);
    d.text += "        data: " + hex_lines(value, 14);
    entries.push_back({{"type", fmt::format("0x{:02x}", e.type)}, {"name", kind.name}, {"len_bytes", e.len},
                       {"value_offset", hex32(e.value_off)}, {"value", hex_string(value)}});
    info_entries.push_back({{"type", e.type}, {"len", e.len}, {"data", hex_string(value)}});
  }
  d.text += kRule;
  d.json[protected_area ? "protected_tlvs" : "tlvs"] = {{"offset", hex32(off)}, {"size_bytes", size}, {"entries", entries}};
  Ordered& area = d.info["tlv_area"];
  area[protected_area ? "tlv_hdr_prot" : "tlv_hdr"] = {{"magic", protected_area ? image::kTlvProtInfoMagic : image::kTlvInfoMagic},
                                                       {"tlv_tot", size}};
  area[protected_area ? "tlvs_prot" : "tlvs"] = info_entries;
  return !d.problem;
}

const char* flag_text(uint8_t v) { return v == 0x01 ? "SET" : "INVALID"; }

/// A padded image ends with a trailer magic; dump the app-visible fields in imgtool's layout.
void dump_trailer(std::span<const std::byte> file, Dump& d) {
  if (file.size() < 64) return;
  const auto tail = file.last<16>();
  uint32_t max_align = 0;
  for (uint32_t a : {8u, 16u, 32u}) {
    if (boot::decode_magic(tail, a, std::byte{0xff}) == boot::Magic::kGood) max_align = a;
  }
  if (max_align == 0) return;
  const boot::TrailerLayout l{max_align, static_cast<uint32_t>(file.size())};
  const auto byte_at = [&](uint32_t off) { return std::to_integer<uint8_t>(file[off]); };
  d.text += banner("Image trailer (offset: unknown)");
  d.text += "(Note: some fields may not be used, depending on the update \nstrategy)\n\n";
  d.text += "swap status: (len: unknown)\nenc. keys:   Image not encrypted\nswap size:   unknown\n";
  d.text += fmt::format("swap_info:   {} (0x{:x})\n", flag_text(byte_at(l.swap_info_off())), byte_at(l.swap_info_off()));
  d.text += fmt::format("copy_done:   {} (0x{:x})\n", flag_text(byte_at(l.copy_done_off())), byte_at(l.copy_done_off()));
  d.text += fmt::format("image_ok:    {} (0x{:x})\n", flag_text(byte_at(l.image_ok_off())), byte_at(l.image_ok_off()));
  d.text += "boot magic:  " + hex_lines(tail, 13) + "\n";
  d.info["trailer"] = {{"swap_info", byte_at(l.swap_info_off())}, {"copy_done", byte_at(l.copy_done_off())},
                       {"image_ok", byte_at(l.image_ok_off())}, {"boot_magic", hex_string(tail)}};
  d.json["trailer"] = {{"max_align", max_align}, {"image_ok", fmt::format("0x{:02x}", byte_at(l.image_ok_off()))},
                       {"copy_done", fmt::format("0x{:02x}", byte_at(l.copy_done_off()))},
                       {"swap_info", fmt::format("0x{:02x}", byte_at(l.swap_info_off()))}, {"magic", hex_string(tail)}};
}

/// A JSON value as a YAML node (mappings keep their order, as imgtool's yaml.dump(sort_keys=False)).
YAML::Node yaml_node(const Ordered& j) {
  YAML::Node n;
  if (j.is_object()) {
    n = YAML::Node(YAML::NodeType::Map);
    for (const auto& [k, v] : j.items()) n.force_insert(k, yaml_node(v));
  } else if (j.is_array()) {
    n = YAML::Node(YAML::NodeType::Sequence);
    for (const Ordered& v : j) n.push_back(yaml_node(v));
  } else if (j.is_string()) {
    n = j.get<std::string>();
  } else if (j.is_number_unsigned()) {
    n = j.get<uint64_t>();
  } else if (j.is_number_integer()) {
    n = j.get<int64_t>();
  } else if (j.is_boolean()) {
    n = j.get<bool>();
  }
  return n;
}

}  // namespace

std::string format_dump(const Dump& d, const std::string& format) {
  if (format == "json") return d.info.dump(4) + "\n";
  if (format != "yaml") return d.text;
  YAML::Emitter out;
  out << yaml_node(d.info);
  return std::string(out.c_str()) + "\n";
}

Dump dump_image(std::span<const std::byte> file, const std::string& display_name) {
  Dump d;
  d.json = {{"file", display_name}, {"size_bytes", file.size()}};
  d.info = Ordered::object();
  d.text = fmt::format("Printing content of signed image: {} \n\n", display_name);
  std::vector<std::byte> mem(file.begin(), file.end());
  if (mem.empty()) mem.push_back(std::byte{0xff});
  flash::RamFlash dev("file", flash::Geometry::uniform(static_cast<uint32_t>(mem.size()), 1, 1), mem);
  const flash::Area slot{&dev, 0, static_cast<uint32_t>(file.size()), "image file"};
  auto h = image::read_header(slot);
  if (!h && h.error().code == core::Errc::kBadMagic && file.size() >= image::kHeaderSize) {
    // imgtool dumps the rest of an image whose magic is wrong: decode the fields as if it were
    // right, show the magic found, and keep the magic error as the problem.
    d.problem = h.error();
    std::array<std::byte, image::kHeaderSize> raw;
    std::copy_n(file.begin(), raw.size(), raw.begin());
    const uint32_t found = core::load_le32(raw, 0);
    core::store_le32(raw, 0, image::kImageMagic);
    h = image::parse_header(raw);
    if (h) h->magic = found;
  }
  if (!h) {
    if (!d.problem) d.problem = h.error();
    return d;
  }
  dump_header(*h, d);
  auto layout = image::read_tlv_layout(slot, *h);
  if (!layout) {
    if (!d.problem) d.problem = layout.error();
    return d;
  }
  const std::optional<core::Error> header_problem = d.problem;
  d.problem.reset();
  const bool areas_ok = (layout->prot_size == 0 || dump_area(slot, *layout, true, d)) && dump_area(slot, *layout, false, d);
  if (header_problem) d.problem = header_problem;  // the first problem is the one reported
  if (!areas_ok) return d;
  d.json["image_end"] = hex32(layout->end());
  if (file.size() > layout->end()) dump_trailer(file, d);
  d.text += banner("End of Image ");
  return d;
}

}  // namespace norboot::tools::imgtool
