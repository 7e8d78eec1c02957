#pragma once
// Files in and out of imgtool: binary or Intel HEX chosen by the extension (".hex", any case),
// as imgtool does; outputs are written to a temporary file in the same folder and renamed, so an
// error never leaves a half-written output behind.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace norboot::tools::imgtool {

struct FileError {
  bool io = false;  // the file could not be read or written (exit 3); else invalid content (exit 1)
  std::string message;
};

bool is_hex_path(const std::string& path);

struct LoadedFile {
  std::vector<std::byte> bytes;
  std::optional<uint32_t> base_addr;  // Intel HEX input: its lowest address
};

/// Reads a binary file, or an Intel HEX file flattened from its lowest to its highest address
/// with gaps filled with 0xff (python-intelhex tobinarray). HEX errors name the line.
std::expected<LoadedFile, FileError> load_input(const std::string& path);

struct HexSegment {
  uint32_t address = 0;
  std::vector<std::byte> data;
};

/// Intel HEX text exactly as python-intelhex's tofile() writes it: 16-byte data records that do
/// not cross a 64 KiB boundary, extended linear address records when any address is ≥ 64 KiB,
/// uppercase digits, ":00000001FF" at the end. Segments may overlap: later ones win.
std::string intel_hex_text(std::span<const HexSegment> segments);

/// Writes `data` to `path` through a temporary file and rename.
std::expected<void, FileError> write_atomic(const std::string& path, std::span<const std::byte> data);

std::vector<std::byte> as_bytes(const std::string& text);

}  // namespace norboot::tools::imgtool
