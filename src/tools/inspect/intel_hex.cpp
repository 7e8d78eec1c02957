#include "tools/inspect/intel_hex.hpp"

#include <optional>

#include <fmt/core.h>

namespace norboot::tools::inspect {
namespace {

std::optional<uint8_t> hex_byte(std::string_view s) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  const int hi = nibble(s[0]), lo = nibble(s[1]);
  if (hi < 0 || lo < 0) return std::nullopt;
  return static_cast<uint8_t>(hi * 16 + lo);
}

struct Record {
  uint8_t type = 0;
  uint16_t offset = 0;
  std::vector<uint8_t> data;
};

std::expected<Record, std::string> parse_record(std::string_view line) {
  if (line.size() < 11 || line[0] != ':' || (line.size() - 1) % 2 != 0) return std::unexpected("not a record (:LLAAAATT…CC)");
  std::vector<uint8_t> bytes;
  for (size_t i = 1; i < line.size(); i += 2) {
    auto b = hex_byte(line.substr(i, 2));
    if (!b) return std::unexpected(fmt::format("'{}' is not hex (column {})", line.substr(i, 2), i + 1));
    bytes.push_back(*b);
  }
  if (bytes.size() != size_t{bytes[0]} + 5) {
    return std::unexpected(fmt::format("record says {} data bytes but holds {}", bytes[0], bytes.size() - 5));
  }
  uint8_t sum = 0;
  for (uint8_t b : bytes) sum = static_cast<uint8_t>(sum + b);
  if (sum != 0) {
    return std::unexpected(fmt::format("checksum 0x{:02x} is wrong (expected 0x{:02x})", bytes.back(),
                                       static_cast<uint8_t>(bytes.back() - sum)));
  }
  Record r;
  r.offset = static_cast<uint16_t>(bytes[1] << 8 | bytes[2]);
  r.type = bytes[3];
  r.data.assign(bytes.begin() + 4, bytes.end() - 1);
  return r;
}

void append(std::vector<HexChunk>& chunks, uint32_t address, const std::vector<uint8_t>& data) {
  if (chunks.empty() || chunks.back().address + chunks.back().data.size() != address) chunks.push_back({address, {}});
  for (uint8_t b : data) chunks.back().data.push_back(std::byte{b});
}

}  // namespace

bool looks_like_intel_hex(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == ':';
}

std::expected<std::vector<HexChunk>, HexError> parse_intel_hex(std::string_view text) {
  std::vector<HexChunk> chunks;
  uint32_t base = 0;
  int line_no = 0;
  bool ended = false;
  for (size_t pos = 0; pos < text.size() && !ended;) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    auto r = parse_record(line);
    if (!r) return std::unexpected(HexError{line_no, r.error()});
    switch (r->type) {
      case 0x00: append(chunks, base + r->offset, r->data); break;
      case 0x01: ended = true; break;
      case 0x02:
      case 0x04:
        if (r->data.size() != 2) return std::unexpected(HexError{line_no, "address record must hold 2 bytes"});
        base = static_cast<uint32_t>(r->data[0] << 8 | r->data[1]) << (r->type == 0x02 ? 4 : 16);
        break;
      case 0x03:
      case 0x05: break;
      default: return std::unexpected(HexError{line_no, fmt::format("unknown record type 0x{:02x}", r->type)});
    }
  }
  if (!ended) return std::unexpected(HexError{line_no, "no end-of-file record (:00000001FF): the file is truncated"});
  return chunks;
}

}  // namespace norboot::tools::inspect
