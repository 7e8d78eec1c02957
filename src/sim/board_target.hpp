#pragma once
// BoardTarget: the power-cut torture engine driving a whole simulated Board — the real chip models
// behind the real drivers — instead of the RAM flashes of the unit campaigns. It prepares a
// scenario (old image in the primary, new one where an upgrade expects it, the request an app
// would write), snapshots both chips, and restores them before every run.
#include <string>
#include <vector>

#include "sim/board.hpp"
#include "sim/board_boot.hpp"
#include "sim/torture.hpp"

namespace norboot::sim {

class BoardTarget final : public TortureTarget {
 public:
  BoardTarget(Board& board, const BootSettings& settings) : board_(board), settings_(settings) {}

  /// Writes `v1` to the primary, `v2` to the secondary image area, the upgrade request (test, or
  /// permanent for kPermanent) and, for kRevert, runs the upgrade once; then snapshots the chips.
  core::Status prepare(Scenario sc, const std::vector<std::byte>& v1, const std::vector<std::byte>& v2);
  /// The end states the scenario allows (the same rules as the boot core's own campaigns).
  Expectation expectation(Scenario sc) const;

  void reset() override;
  PowerDomain& power() override { return board_.power(); }
  core::Result<boot::BootResult> boot() override;
  std::vector<std::pair<std::string, uint32_t>> max_sector_erases() const override;
  bool holds(std::string_view area_name, uint32_t off, const std::vector<std::byte>& image) override;
  const boot::BootAreas& areas() const override { return areas_; }
  uint32_t secondary_image_offset() const override { return secondary_off_; }
  /// Print each boot's log on stderr (a replay worth reading).
  void set_echo(bool on) { echo_ = on; }

 private:
  Board& board_;
  BootSettings settings_;
  boot::BootAreas areas_;
  uint32_t secondary_off_ = 0;
  std::vector<std::byte> v1_, v2_;
  McuFlashModel::Snapshot mcu_snap_;
  std::vector<std::byte> nor_snap_;
  bool echo_ = false;
};

/// Pads an image to `block` bytes with the erased value, as a programmer writes it.
std::vector<std::byte> pad_to_block(std::vector<std::byte> img, uint32_t block, std::byte erased = std::byte{0xFF});

}  // namespace norboot::sim
