#pragma once
// imgtool's argument grammar: integers as Python's int(x, 0) reads them, version strings
// (major.minor.revision+build), dependency lists "(image,version), …", custom TLV values.
// Every error names the offending text and the allowed range.
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "image/image_info.hpp"
#include "image/version.hpp"

namespace norboot::tools::imgtool {

/// "0x1f", "0o17", "0b101", "31" (Python int(x, 0): no leading zeros on decimals, '_' allowed).
std::expected<uint64_t, std::string> parse_int(const std::string& text);

/// "1", "1.2", "1.2.3", "1.2.3+4"; major/minor ≤ 255, revision ≤ 65535, build ≤ 2^32-1.
std::expected<image::Version, std::string> parse_version(const std::string& text);

/// "(1,1.2.0+0)" or "(0, 1.2), (1, 2.0.0)".
std::expected<std::vector<image::Dependency>, std::string> parse_dependencies(const std::string& text);

/// --custom-tlv value: "0x…" is hex bytes (even digit count), anything else its UTF-8 bytes.
std::expected<std::vector<std::byte>, std::string> parse_custom_tlv_value(const std::string& text);

std::string format_version(const image::Version& v);

}  // namespace norboot::tools::imgtool
