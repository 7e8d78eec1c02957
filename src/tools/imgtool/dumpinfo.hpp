#pragma once
// `imgtool dumpinfo`: the header, both TLV areas and (for padded images) the trailer, in imgtool's
// text layout ("human"), as imgtool's header/tlv_area/trailer mapping (-f yaml|json), or as
// norboot's --json document. A file that ends early is dumped as far as it goes; the first
// problem (field, offset, expected vs found) is returned beside the dump.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace norboot::tools::imgtool {

struct Dump {
  std::string text;           // imgtool's human-readable layout
  nlohmann::json json;        // norboot's --json document
  nlohmann::ordered_json info;  // imgtool's mapping: header, tlv_area (tlv_hdr_prot, tlvs_prot, tlv_hdr, tlvs), trailer
  std::optional<core::Error> problem;
};

Dump dump_image(std::span<const std::byte> file, const std::string& display_name);

/// dumpinfo -f: "human", "yaml" or "json" rendering of a dump (YAML through yaml-cpp).
std::string format_dump(const Dump& d, const std::string& format);

}  // namespace norboot::tools::imgtool
