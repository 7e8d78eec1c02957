#pragma once
// The nRF Connect SDK Partition Manager's pm_static.yml, read with yaml-cpp:
//
//   mcuboot:            {address: 0x0,    size: 0xc000,  region: flash_primary}
//   mcuboot_primary:    {address: 0xc000, size: 0x74000, span: [mcuboot_pad, app]}
//   mcuboot_secondary:  {address: 0x0,    size: 0x76000, region: external_flash, device: …}
//   mcuboot_scratch:    {address: …,      size: …}
//
// Entries map to roles by name (mcuboot → boot, mcuboot_primary → primary, mcuboot_secondary →
// secondary, mcuboot_scratch → scratch); region flash_primary (the default) is the internal flash,
// external_flash the external chip; RAM and OTP regions are skipped with a note. Entries with a
// `span` (and the `external_flash` free-space entry) are containers: they cover other entries on
// purpose. `end_address`, when present, must agree with address + size.
#include <string>
#include <string_view>

#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

/// Parses `text` (the contents of `file`). Errors name the entry, the key and the line.
ReadResult<LayoutDesc> read_pm_static(std::string_view text, const std::string& file);

}  // namespace norboot::tools::layout
