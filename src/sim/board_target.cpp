#include "sim/board_target.hpp"

#include "boot/app_api.hpp"
#include "boot/slot_plan.hpp"

namespace norboot::sim {

std::vector<std::byte> pad_to_block(std::vector<std::byte> img, uint32_t block, std::byte erased) {
  if (block > 1) img.resize((img.size() + block - 1) / block * block, erased);
  return img;
}

core::Status BoardTarget::prepare(Scenario sc, const std::vector<std::byte>& v1, const std::vector<std::byte>& v2) {
  areas_ = NB_TRY(board_.boot_areas(settings_.strategy));
  const boot::SlotPlan plan = NB_TRY(boot::plan_slots(settings_.strategy, areas_.primary, areas_.secondary,
                                                       areas_.scratch.dev ? &areas_.scratch : nullptr,
                                                       settings_.max_align));
  secondary_off_ = plan.secondary_offset;
  v1_ = v1;
  v2_ = v2;
  NB_TRY(areas_.primary.erase(0, areas_.primary.size));
  NB_TRY(areas_.secondary.erase(0, areas_.secondary.size));
  NB_TRY(areas_.primary.write(0, pad_to_block(v1, areas_.primary.dev->geometry().write_block)));
  NB_TRY(areas_.secondary.write(secondary_off_, pad_to_block(v2, areas_.secondary.dev->geometry().write_block)));
  const auto mode = sc == Scenario::kPermanent ? boot::UpgradeMode::kPermanent : boot::UpgradeMode::kTest;
  NB_TRY(boot::request_upgrade(areas_.secondary, mode, settings_.max_align));
  if (sc == Scenario::kRevert) NB_TRY(boot());
  NB_TRY(board_.external().wait_idle());
  mcu_snap_ = board_.mcu_model().snapshot();
  auto cells = board_.chip().bytes();
  nor_snap_.assign(cells.begin(), cells.end());
  return core::ok();
}

Expectation BoardTarget::expectation(Scenario sc) const {
  const bool revertible = boot::strategy_info(settings_.strategy).keeps_revert;
  // Every swap saves the old image at the secondary's start; a revert puts the new one back where
  // an upgrade expects it.
  const EndState upgraded{"upgraded", &v2_, revertible ? &v1_ : nullptr, "secondary", 0,
                          revertible ? boot::SwapType::kRevert : boot::SwapType::kNone, !revertible};
  const EndState reverted{"reverted", &v1_, &v2_, "secondary", secondary_off_, boot::SwapType::kNone, true};
  EndState reverted_after_finished_test = reverted;
  reverted_after_finished_test.needs_finished_test = true;
  const EndState installed{"installed", &v2_, nullptr, "", 0, boot::SwapType::kNone, true};
  switch (sc) {
    case Scenario::kUpgrade:
      return {revertible ? std::vector{upgraded, reverted_after_finished_test} : std::vector{upgraded}};
    case Scenario::kRevert: return {{reverted}};
    case Scenario::kPermanent: return {{installed}};
  }
  return {};
}

void BoardTarget::reset() {
  PowerDomain& pd = board_.power();
  pd.disarm();
  if (!pd.alive()) pd.reboot();
  board_.mcu_model().restore(mcu_snap_);
  board_.chip().restore(nor_snap_);
  board_.reset_counters();
}

core::Result<boot::BootResult> BoardTarget::boot() {
  // A bootloader probes its external chip first; a cut may land there too.
  NB_TRY(board_.power_on());
  BootRun run = run_bootloader(board_, settings_, echo_);
  return run.result;
}

std::vector<std::pair<std::string, uint32_t>> BoardTarget::max_sector_erases() const {
  return {{"internal", board_.mcu_model().counters().max_sector_erases()},
          {"external", board_.chip().counters().max_sector_erases()}};
}

bool BoardTarget::holds(std::string_view area_name, uint32_t off, const std::vector<std::byte>& image) {
  if (!board_.power().alive()) return false;
  auto area = board_.area(area_name);
  if (!area) return false;
  std::vector<std::byte> got(image.size());
  if (!area->read(off, got)) return false;
  return got == image;
}

}  // namespace norboot::sim
