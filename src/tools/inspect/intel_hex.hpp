#pragma once
// Intel HEX (what nrfjprog --readcode and imgtool write): data records (00), end of file (01),
// extended segment (02) and extended linear (04) addresses; start addresses (03, 05) are ignored.
// Every record's length, hex digits and checksum are checked; an error names the line.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace norboot::tools::inspect {

struct HexChunk {
  uint32_t address = 0;  // absolute address of the first byte
  std::vector<std::byte> data;
};

struct HexError {
  int line = 0;
  std::string message;
};

/// Parses the whole text; consecutive records are merged into chunks.
std::expected<std::vector<HexChunk>, HexError> parse_intel_hex(std::string_view text);

/// True when the text looks like Intel HEX (first non-blank character is ':').
bool looks_like_intel_hex(std::string_view text);

}  // namespace norboot::tools::inspect
