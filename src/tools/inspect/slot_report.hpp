#pragma once
// What is in one area of a dump: sector-by-sector occupancy (erased / data / image / trailer),
// the images found where the boot core would look for them, the decoded MCUboot trailer and
// norboot's progress log — all read with the boot core's own decoders.
#include <optional>
#include <string>
#include <vector>

#include "boot/slot_plan.hpp"
#include "boot/trailer.hpp"
#include "tools/inspect/flash_view.hpp"
#include "tools/inspect/image_support.hpp"

namespace norboot::tools::inspect {

enum class Fill : uint8_t { kErased, kData, kImage, kTrailer };
std::string_view fill_name(Fill f);

struct Region {
  uint32_t off = 0;  // area-relative
  uint32_t len = 0;
  Fill fill = Fill::kErased;
};

struct FoundImage {
  uint32_t off = 0;         // area-relative start
  std::string why_here;     // "primary image", "new image (swap-pipeline offset)", "old image saved by the swap"
  ImageFacts facts;
};

/// A progress log as the boot core scans it, plus what a person wants to know about it.
struct LogReport {
  std::string owner;            // "upgrade (primary trailer)" / "revert (secondary trailer)"
  uint32_t off = 0;             // area-relative start of the log
  uint32_t capacity = 0;
  uint32_t used_slots = 0;      // slots written (complete or torn)
  uint32_t torn = 0;            // slots a power cut left unreadable (skipped by the boot core)
  std::optional<uint32_t> done; // stages recorded; nullopt when the scan refused the log
  std::string scan_error;       // why (records out of order: garbage in the status area)
  uint32_t stage_count = 0;     // stages of the swap the trailer's swap_size implies
};

struct SlotReport {
  layout::AreaDesc area;
  std::vector<Region> occupancy;  // runs of sectors, images and trailer overlaid
  std::vector<FoundImage> images;
  bool has_trailer = false;       // primary / secondary: the trailer below is decoded
  uint32_t trailer_off = 0;       // area-relative start of the trailer sectors
  boot::TrailerState trailer;
  std::optional<LogReport> log;
  uint32_t erased_bytes = 0;
};

/// Where a slot's images, trailer and log are, from the plan (nullptr: the layout refuses the
/// strategy, and only what needs no plan is reported).
SlotReport report_slot(const FlashView& view, const layout::AreaDesc& a, const boot::SlotPlan* plan, ImageSupport& images);

/// The area offset of the progress log in `slot` (the bootloader's status_off()).
uint32_t log_offset(const boot::SlotPlan& plan, uint32_t max_align, uint32_t slot_size);

}  // namespace norboot::tools::inspect
