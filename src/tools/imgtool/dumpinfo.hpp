#pragma once
// `imgtool dumpinfo`: the header, both TLV areas and (for padded images) the trailer, in imgtool's
// text layout, or as one JSON document. A file that ends early is dumped as far as it goes; the
// first problem (field, offset, expected vs found) is returned beside the dump.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace norboot::tools::imgtool {

struct Dump {
  std::string text;
  nlohmann::json json;
  std::optional<core::Error> problem;
};

Dump dump_image(std::span<const std::byte> file, const std::string& display_name);

}  // namespace norboot::tools::imgtool
