#pragma once
// `sign -S` with the bootloader's arithmetic: can the boot core hold this image in a slot of
// slot_size bytes, with the trailer and progress records the chosen strategy and --max-align
// need? The answer comes from boot::plan_slots (the same function the bootloader, `layout check`
// and the SMP agent use) over a geometry-only device, so it says by how many bytes an image is too
// big exactly as the bootloader would count them.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "boot/strategy.hpp"

namespace norboot::tools::imgtool {

struct SlotFitRequest {
  uint64_t image_bytes = 0;      // header + payload + TLVs
  uint32_t slot_size = 0;        // -S: the secondary slot
  std::optional<uint32_t> primary_size;  // --primary-size (default: slot_size)
  uint32_t sector_size = 4096;   // --sector-size: erase unit of both slots
  uint32_t write_block = 4;      // the devices' write block (≤ max_align)
  uint32_t max_align = 8;
  boot::Strategy strategy = boot::Strategy::kSwapPipeline;
};

struct SlotFit {
  uint32_t max_image_size = 0;   // largest image the strategy boots from this layout
};

/// The largest image, or why it does not fit ("… too big by N bytes") / why the layout cannot
/// work at all (plan_slots' error, rendered).
std::expected<SlotFit, std::string> check_slot_fit(const SlotFitRequest& r);

}  // namespace norboot::tools::imgtool
