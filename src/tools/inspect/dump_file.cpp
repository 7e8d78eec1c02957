#include "tools/inspect/dump_file.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/core.h>

#include "tools/inspect/intel_hex.hpp"
#include "tools/layout/layout_files.hpp"

namespace norboot::tools::inspect {
namespace {

using layout::ReadError;

ReadError bad(const std::string& file, std::string message, std::string hint = {}) {
  return ReadError{file, "", 0, 0, std::move(message), std::move(hint), false};
}

layout::ReadResult<Dump> from_hex(const std::string& path, const std::string& text, const flash::Geometry& g,
                                  const std::string& what) {
  auto chunks = parse_intel_hex(text);
  if (!chunks) return std::unexpected(ReadError{path, "", chunks.error().line, 0, "Intel HEX: " + chunks.error().message, "", false});
  Dump d{std::vector<std::byte>(g.size, std::byte{g.erased_value}), path, ""};
  if (chunks->empty()) return d;
  uint64_t lo = UINT64_MAX, hi = 0, covered = 0;
  for (const HexChunk& c : *chunks) {
    lo = std::min<uint64_t>(lo, c.address);
    hi = std::max<uint64_t>(hi, uint64_t{c.address} + c.data.size());
    covered += c.data.size();
  }
  const uint64_t base = lo / g.size * g.size;  // 0, or the memory-mapped base (0x08000000 …)
  if (hi - base > g.size) {
    return std::unexpected(bad(path, fmt::format("Intel HEX data spans 0x{:x}..0x{:x}, more than the {}", lo, hi, what)));
  }
  for (const HexChunk& c : *chunks) std::copy(c.data.begin(), c.data.end(), d.bytes.begin() + static_cast<ptrdiff_t>(c.address - base));
  d.format = fmt::format("Intel HEX, {} bytes at 0x{:x}..0x{:x}{}", covered, lo, hi,
                         base ? fmt::format(" (device base 0x{:x})", base) : "");
  return d;
}

}  // namespace

layout::ReadResult<Dump> load_dump(const std::string& path, const flash::Geometry& g, const std::string& what) {
  auto text = layout::read_text_file(path);
  if (!text) return std::unexpected(text.error());
  const bool named_hex = path.ends_with(".hex") || path.ends_with(".ihex");
  if (named_hex || looks_like_intel_hex(*text)) {
    auto d = from_hex(path, *text, g, what);
    // A raw dump may begin with ':' (0x3a) by chance: a full-size file that is not HEX is raw.
    if (d || named_hex || text->size() != g.size) return d;
  }
  if (text->size() != g.size) {
    return std::unexpected(bad(path,
                               fmt::format("the dump is 0x{:x} bytes but the {} is 0x{:x} bytes", text->size(), what, g.size),
                               "inspect needs a dump of the whole device (or an Intel HEX file); check --board"));
  }
  Dump d{std::vector<std::byte>(g.size), path, "raw"};
  std::memcpy(d.bytes.data(), text->data(), g.size);
  return d;
}

}  // namespace norboot::tools::inspect
