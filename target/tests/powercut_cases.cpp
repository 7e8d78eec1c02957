// Power cuts on the target: the boot core on CutFlash devices, a small test upgrade (and then its
// revert) cut at every write/erase, clean and torn; after each cut the device reboots (without
// further cuts) and must run the expected image, then go on to the next step of the cycle.
#include "boot/app_api.hpp"
#include "core/text.hpp"
#include "core/bytes.hpp"
#include "harness/check.hpp"
#include "support/boot_bench.hpp"

namespace norboot::target {
namespace {

using boot::Strategy;
using boot::SwapType;

constexpr const BuiltStrategyList& kStrategies = kBuiltStrategyList;
constexpr CutKind kKinds[] = {CutKind::kClean, CutKind::kTorn};

enum class Phase : uint8_t { kUpgrade, kRevert };

// Brings a bench to the start of the phase: images in place, a test request; for kRevert, the
// upgrade already done (uncut), so the next boot reverts.
bool prepare(BootBench& b, Phase phase) {
  if (!b.put_primary(9 * 4096 + 100, {1, 0, 0, 0}, 1) || !b.put_secondary(11 * 4096 + 7, {2, 0, 0, 0}, 2)) return false;
  if (!boot::request_upgrade(b.areas.secondary, boot::UpgradeMode::kTest)) return false;
  if (phase == Phase::kRevert) {
    auto r = b.boot();
    if (!r || r->image.version.major != 2) return false;
  }
  return true;
}

void report(Check& c, Strategy s, Phase phase, CutKind kind, uint32_t cut, const char* what) {
  std::array<char, 160> buf;
  core::TextBuf t(buf);
  t.str(boot::strategy_name(s)).str(phase == Phase::kUpgrade ? " upgrade" : " revert");
  t.str(kind == CutKind::kTorn ? ", torn cut at operation " : ", clean cut at operation ").dec(cut).str(": ").str(what);
  c.fail(t.view(), __FILE__, __LINE__);
}

// Cut at operation k, reboot, check the image; for an upgrade also run the revert that follows.
bool cut_and_recover(Check& c, Strategy s, Phase phase, CutKind kind, uint32_t k) {
  BootBench b(s);
  if (!prepare(b, phase)) return report(c, s, phase, kind, k, "set-up failed"), false;
  b.rail.arm(k, kind);
  auto cut = b.boot();
  b.rail.power_on();
  if (cut) return report(c, s, phase, kind, k, "boot finished although the power was cut"), false;
  auto r = b.boot();
  const bool reverts = boot::strategy_info(s).keeps_revert;
  const int want = phase == Phase::kUpgrade || !reverts ? 2 : 1;
  if (!r || !r->bootable || r->image.version.major != want || b.primary_major() != want) {
    return report(c, s, phase, kind, k, "recovery boot did not run the expected image"), false;
  }
  if (phase == Phase::kUpgrade && reverts) {
    r = b.boot();
    if (!r || r->swap != SwapType::kRevert || r->image.version.major != 1) {
      return report(c, s, phase, kind, k, "the recovered test image was not reverted"), false;
    }
  }
  r = b.boot();
  if (!r || r->swap != SwapType::kNone) return report(c, s, phase, kind, k, "a further boot still swapped"), false;
  return true;
}

void campaign(Check& c, Phase phase) {
  for (Strategy s : kStrategies) {
    if (phase == Phase::kRevert && !boot::strategy_info(s).keeps_revert) continue;  // overwrite: nothing to revert
    uint32_t ops = 0;
    {
      BootBench b(s);
      if (!prepare(b, phase)) return report(c, s, phase, CutKind::kClean, 0, "set-up failed");
      const uint32_t before = b.rail.operations();
      if (!b.boot()) return report(c, s, phase, CutKind::kClean, 0, "uncut boot failed");
      ops = b.rail.operations() - before;
    }
    if (ops == 0) report(c, s, phase, CutKind::kClean, 0, "the boot wrote nothing");
    for (CutKind kind : kKinds) {
      for (uint32_t k = 1; k <= ops; ++k) {
        if (!cut_and_recover(c, s, phase, kind, k)) return;
      }
    }
  }
}

void upgrade_cut_at_every_operation_recovers(Check& c) { campaign(c, Phase::kUpgrade); }
void revert_cut_at_every_operation_recovers(Check& c) { campaign(c, Phase::kRevert); }

void cut_flash_clean_cut_leaves_data_and_refuses_until_power_on(Check& c) {
  PowerRail rail;
  std::array<std::byte, 2 * 4096> mem;
  CutFlash f("external", kBenchExternal.uniform(4096, 2, 1), mem, rail);
  f.format();
  const std::array<std::byte, 8> zeros{};
  rail.arm(2, CutKind::kClean);
  NB_ASSERT_OK(c, f.write(0, zeros));
  NB_EXPECT_ERRC(c, f.write(8, zeros), core::Errc::kPowerLost);
  std::array<std::byte, 8> got{};
  NB_EXPECT_ERRC(c, f.read(8, got), core::Errc::kPowerLost);
  rail.power_on();
  NB_ASSERT_OK(c, f.read(8, got));
  NB_EXPECT(c, core::all_equal(got, std::byte{0xFF}));
  rail.arm(1, CutKind::kTorn);
  NB_EXPECT_ERRC(c, f.write(8, zeros), core::Errc::kPowerLost);
  rail.power_on();
  NB_ASSERT_OK(c, f.read(8, got));
  NB_EXPECT(c, core::all_equal(std::span(got).first(4), std::byte{0}));
  NB_EXPECT(c, core::all_equal(std::span(got).last(4), std::byte{0xFF}));
}

constexpr Case kCases[] = {
    {"PowerCut", "CutFlash_CleanAndTornCuts_BehaveAsDocumented", cut_flash_clean_cut_leaves_data_and_refuses_until_power_on},
    {"PowerCut", "Upgrade_CutAtEveryOperation_RecoversToNewImageThenReverts", upgrade_cut_at_every_operation_recovers},
    {"PowerCut", "Revert_CutAtEveryOperation_RecoversToOldImage", revert_cut_at_every_operation_recovers},
};
const Suite kSuite(kCases);

}  // namespace
}  // namespace norboot::target
