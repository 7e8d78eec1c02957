#include "tools/imgtool/slot_fit.hpp"

#include <fmt/core.h>

#include "boot/slot_plan.hpp"
#include "tools/layout/geometry_flash.hpp"
#include "tools/output.hpp"

namespace norboot::tools::imgtool {

std::expected<SlotFit, std::string> check_slot_fit(const SlotFitRequest& r) {
  const uint32_t primary = r.primary_size.value_or(r.slot_size);
  if (r.sector_size == 0 || primary % r.sector_size != 0 || r.slot_size % r.sector_size != 0) {
    return std::unexpected(fmt::format("slot sizes 0x{:x}/0x{:x} are not multiples of --sector-size 0x{:x}", primary,
                                       r.slot_size, r.sector_size));
  }
  // Primary and secondary side by side on one geometry-only device.
  // swap-scratch also gets a one-sector scratch area after them.
  const bool scratch = r.strategy == boot::Strategy::kSwapScratch;
  const uint64_t total = uint64_t{primary} + r.slot_size + (scratch ? r.sector_size : 0);
  if (total > 0xffffffffu) return std::unexpected("slots larger than 4 GiB");
  const auto geometry = flash::Geometry::uniform(r.sector_size, static_cast<uint32_t>(total / r.sector_size), r.write_block);
  layout::GeometryFlash dev("slots", geometry);
  const flash::Area p{&dev, 0, primary, "primary"};
  const flash::Area s{&dev, primary, r.slot_size, "secondary"};
  const flash::Area sc{&dev, primary + r.slot_size, r.sector_size, "scratch"};
  auto plan = boot::plan_slots(r.strategy, p, s, scratch ? &sc : nullptr, r.max_align);
  if (!plan) return std::unexpected(fmt::format("{} cannot use this layout: {}", boot::strategy_name(r.strategy), describe(plan.error())));
  if (r.image_bytes > plan->max_image_size) {
    return std::unexpected(fmt::format(
        "image needs 0x{:x} bytes (header + payload + TLVs); {} with --max-align {} in a 0x{:x}-byte slot of 0x{:x}-byte "
        "sectors boots at most 0x{:x}: too big by {} bytes",
        r.image_bytes, boot::strategy_name(r.strategy), r.max_align, r.slot_size, r.sector_size, plan->max_image_size,
        r.image_bytes - plan->max_image_size));
  }
  return SlotFit{plan->max_image_size};
}

}  // namespace norboot::tools::imgtool
