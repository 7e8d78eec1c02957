#pragma once
// Numbers as people write them in layout files: 49152, 0xC000, 0XC000, 48K, 48KiB, 1M, 4MiB.
// Anything else — "0x35000x", "big", "-1", a value past 2^64 — is not a number (nullopt).
#include <cstdint>
#include <optional>
#include <string_view>

namespace norboot::tools::layout {

std::optional<uint64_t> parse_number(std::string_view text);

}  // namespace norboot::tools::layout
