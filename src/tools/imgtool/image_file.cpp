#include "tools/imgtool/image_file.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <fmt/core.h>
#include <unistd.h>

#include "tools/inspect/intel_hex.hpp"

namespace norboot::tools::imgtool {

bool is_hex_path(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".hex";
}

std::vector<std::byte> as_bytes(const std::string& text) {
  auto* b = reinterpret_cast<const std::byte*>(text.data());
  return {b, b + text.size()};
}

std::expected<LoadedFile, FileError> load_input(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::unexpected(FileError{true, fmt::format("{}: cannot read the file", path)});
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (!is_hex_path(path)) return LoadedFile{as_bytes(text), std::nullopt};
  auto chunks = inspect::parse_intel_hex(text);
  if (!chunks) return std::unexpected(FileError{false, fmt::format("{}:{}: {}", path, chunks.error().line, chunks.error().message)});
  if (chunks->empty()) return std::unexpected(FileError{false, fmt::format("{}: the Intel HEX file holds no data", path)});
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const auto& c : *chunks) {
    lo = std::min<uint64_t>(lo, c.address);
    hi = std::max<uint64_t>(hi, uint64_t{c.address} + c.data.size());
  }
  if (hi - lo > (64u << 20)) return std::unexpected(FileError{false, fmt::format("{}: data spans {} bytes (over 64 MiB)", path, hi - lo)});
  LoadedFile out{std::vector<std::byte>(hi - lo, std::byte{0xff}), static_cast<uint32_t>(lo)};
  for (const auto& c : *chunks) std::copy(c.data.begin(), c.data.end(), out.bytes.begin() + static_cast<long>(c.address - lo));
  return out;
}

namespace {

std::string record(uint8_t type, uint16_t addr, std::span<const std::byte> data) {
  std::string line = fmt::format(":{:02X}{:04X}{:02X}", data.size(), addr, type);
  unsigned sum = static_cast<unsigned>(data.size()) + (addr >> 8) + (addr & 0xff) + type;
  for (std::byte b : data) {
    line += fmt::format("{:02X}", std::to_integer<unsigned>(b));
    sum += std::to_integer<unsigned>(b);
  }
  return line + fmt::format("{:02X}\n", (0x100 - (sum & 0xff)) & 0xff);
}

}  // namespace

std::string intel_hex_text(std::span<const HexSegment> segments) {
  std::map<uint32_t, std::byte> mem;  // sparse, like intelhex's dict; outputs are small
  for (const auto& s : segments) {
    for (size_t i = 0; i < s.data.size(); ++i) mem[static_cast<uint32_t>(s.address + i)] = s.data[i];
  }
  std::string out;
  const bool offsets = !mem.empty() && mem.rbegin()->first > 0xffff;
  uint32_t high = UINT32_MAX;
  for (auto it = mem.begin(); it != mem.end();) {
    const uint32_t start = it->first;
    if (offsets && (start >> 16) != high) {
      high = start >> 16;
      const std::byte h[2] = {std::byte(high >> 8), std::byte(high & 0xff)};
      out += record(4, 0, h);
    }
    std::vector<std::byte> data;
    uint32_t addr = start;
    while (it != mem.end() && it->first == addr && data.size() < 16 && (data.empty() || (addr & 0xffff) != 0)) {
      data.push_back(it->second);
      ++it;
      ++addr;
    }
    out += record(0, static_cast<uint16_t>(start & 0xffff), data);
  }
  return out + ":00000001FF\n";
}

std::expected<void, FileError> write_atomic(const std::string& path, std::span<const std::byte> data) {
  const std::string tmp = fmt::format("{}.norboot-tmp.{}", path, ::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return std::unexpected(FileError{true, fmt::format("{}: cannot create the output file", path)});
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    f.flush();
    if (!f) {
      f.close();
      std::remove(tmp.c_str());
      return std::unexpected(FileError{true, fmt::format("{}: writing the output failed", path)});
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return std::unexpected(FileError{true, fmt::format("{}: cannot move the output into place", path)});
  }
  return {};
}

}  // namespace norboot::tools::imgtool
