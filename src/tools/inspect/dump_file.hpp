#pragma once
// A whole-device dump, raw (exactly the device's size: what `norboot flash read` and the state
// directory's internal.bin / external.bin hold) or Intel HEX (placed at the device's base: 0, or
// the memory-mapped base the addresses imply, e.g. 0x08000000 on STM32). Bytes a HEX file does
// not cover read as erased.
#include <string>
#include <vector>

#include "flash/geometry.hpp"
#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::inspect {

struct Dump {
  std::vector<std::byte> bytes;  // geometry.size bytes
  std::string file;
  std::string format;            // "raw" or "Intel HEX (N bytes from 0x…)"
};

/// `what` names the device in errors ("internal flash (nRF52833, 0x80000 bytes)").
/// Errors: io (unreadable); wrong size; HEX syntax/checksum (with line); HEX data outside the device.
layout::ReadResult<Dump> load_dump(const std::string& path, const flash::Geometry& g, const std::string& what);

}  // namespace norboot::tools::inspect
