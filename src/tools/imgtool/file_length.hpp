#pragma once
// Truncated image files (imgtool itself stops with a Python struct.error on them): how many bytes
// the header and TLV info headers say the image needs, against where the file ends, so verify and
// dumpinfo can say "file ends at N, header says image needs M" instead of a slot-range error.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace norboot::tools::imgtool {

/// nullopt when the file holds the whole image (or has no readable header: the validator's
/// error says that better); else the one-line message, with both sizes in decimal and hex.
std::optional<std::string> truncation_message(std::span<const std::byte> file);

}  // namespace norboot::tools::imgtool
