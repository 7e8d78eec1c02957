// The boot core on the target: whole cycles on every strategy (test → revert, test → confirm,
// permanent, a corrupt secondary refused), the app API's view of the trailers, and the swap table.
#include "boot/app_api.hpp"
#include "boot/slot_plan.hpp"
#include "boot/swap_table.hpp"
#include "core/build_config.hpp"
#include "harness/check.hpp"
#include "support/boot_bench.hpp"

namespace norboot::target {
namespace {

using boot::Strategy;
using boot::SwapType;
using boot::UpgradeMode;

constexpr uint32_t kV1Size = 9 * 4096 + 100;
constexpr uint32_t kV2Size = 11 * 4096 + 7;
constexpr const BuiltStrategyList& kStrategies = kBuiltStrategyList;

bool setup(Check& c, BootBench& b) {
  return NB_EXPECT_OK(c, b.put_primary(kV1Size, {1, 0, 0, 0}, 1)) &&
         NB_EXPECT_OK(c, b.put_secondary(kV2Size, {2, 0, 0, 0}, 2));
}

void say_strategy(Check& c, Strategy s) {
  c.fail(boot::strategy_name(s), __FILE__, __LINE__);  // names the strategy of the failures above
}

void test_upgrade_not_confirmed_reverts(Check& c) {
  for (Strategy s : kStrategies) {
    const int before = c.failures();
    BootBench b(s);
    if (!setup(c, b)) return;
    NB_ASSERT_OK(c, boot::request_upgrade(b.areas.secondary, UpgradeMode::kTest));
    auto r = b.boot();
    NB_ASSERT_OK(c, r);
    NB_EXPECT(c, r->bootable);
    NB_EXPECT_EQ(c, r->swap, SwapType::kTest);
    NB_EXPECT_EQ(c, r->image.version.major, 2);
    r = b.boot();
    NB_ASSERT_OK(c, r);
    const bool keeps_revert = boot::strategy_info(s).keeps_revert;
    NB_EXPECT_EQ(c, r->swap, keeps_revert ? SwapType::kRevert : SwapType::kNone);
    NB_EXPECT_EQ(c, r->image.version.major, keeps_revert ? 1 : 2);
    r = b.boot();
    NB_ASSERT_OK(c, r);
    NB_EXPECT_EQ(c, r->swap, SwapType::kNone);
    if (c.failures() != before) say_strategy(c, s);
  }
}

void test_upgrade_confirmed_stays(Check& c) {
  for (Strategy s : kStrategies) {
    const int before = c.failures();
    BootBench b(s);
    if (!setup(c, b)) return;
    NB_ASSERT_OK(c, boot::request_upgrade(b.areas.secondary, UpgradeMode::kTest));
    NB_ASSERT_OK(c, b.boot());
    NB_ASSERT_OK(c, boot::confirm(b.areas.primary));
    auto st = boot::read_state(b.areas.primary, b.areas.secondary);
    NB_ASSERT_OK(c, st);
    NB_EXPECT(c, st->confirmed);
    NB_EXPECT(c, !st->pending);
    auto r = b.boot();
    NB_ASSERT_OK(c, r);
    NB_EXPECT_EQ(c, r->swap, SwapType::kNone);
    NB_EXPECT_EQ(c, r->image.version.major, 2);
    if (c.failures() != before) say_strategy(c, s);
  }
}

void permanent_upgrade_never_reverts(Check& c) {
  for (Strategy s : kStrategies) {
    const int before = c.failures();
    BootBench b(s);
    if (!setup(c, b)) return;
    NB_ASSERT_OK(c, boot::request_upgrade(b.areas.secondary, UpgradeMode::kPermanent));
    auto r = b.boot();
    NB_ASSERT_OK(c, r);
    NB_EXPECT_EQ(c, r->swap, SwapType::kPerm);
    r = b.boot();
    NB_ASSERT_OK(c, r);
    NB_EXPECT_EQ(c, r->swap, SwapType::kNone);
    NB_EXPECT_EQ(c, r->image.version.major, 2);
    if (c.failures() != before) say_strategy(c, s);
  }
}

void corrupt_secondary_refused_and_request_consumed(Check& c) {
  for (Strategy s : kStrategies) {
    const int before = c.failures();
    BootBench b(s);
    if (!setup(c, b)) return;
    const std::array<std::byte, 1> zero{};
    NB_ASSERT_OK(c, b.make_bootloader().secondary_image_area().write(5000, zero));
    NB_ASSERT_OK(c, boot::request_upgrade(b.areas.secondary, UpgradeMode::kTest));
    b.log.watch_refusal("secondary image is not valid", core::Errc::kMismatch);  // the fake image's CRC
    auto r = b.boot();
    NB_ASSERT_OK(c, r);
    NB_EXPECT_EQ(c, r->swap, SwapType::kFail);
    NB_EXPECT_EQ(c, r->image.version.major, 1);
    NB_EXPECT(c, b.log.seen);
    r = b.boot();
    NB_ASSERT_OK(c, r);
    NB_EXPECT_EQ(c, r->swap, SwapType::kNone);
    if (c.failures() != before) say_strategy(c, s);
  }
}

void swap_table_request_then_tested_image_decisions(Check& c) {
  BootBench b(Strategy::kSwapPipeline);
  if (!setup(c, b)) return;
  auto st = boot::read_state(b.areas.primary, b.areas.secondary);
  NB_ASSERT_OK(c, st);
  NB_EXPECT_EQ(c, st->next.type, SwapType::kNone);
  NB_ASSERT_OK(c, boot::request_upgrade(b.areas.secondary, UpgradeMode::kTest));
  st = boot::read_state(b.areas.primary, b.areas.secondary);
  NB_ASSERT_OK(c, st);
  NB_EXPECT(c, st->pending);
  NB_EXPECT_EQ(c, st->next.type, SwapType::kTest);
  NB_EXPECT_EQ(c, st->next.rule, 0);
  NB_ASSERT_OK(c, b.boot());
  st = boot::read_state(b.areas.primary, b.areas.secondary);
  NB_ASSERT_OK(c, st);
  NB_EXPECT_EQ(c, st->next.type, SwapType::kRevert);
  NB_EXPECT(c, !st->confirmed);
}

// Built in both configurations (target.boot with text, target.product.boot without): an Error's
// values are 64-bit with text and 32-bit without, where a wider value saturates instead of wrapping.
void error_values_kept_or_saturated_per_build(Check& c) {
  const core::Error e = core::Error{.code = core::Errc::kTimeout}.values(0x1'2345'6789, 0x7FFF'FFFF);
  const uint64_t wide = core::kDiagnosticText ? 0x1'2345'6789 : 0xFFFF'FFFF;
  NB_EXPECT_EQ(c, uint64_t{e.expected}, wide);
  NB_EXPECT_EQ(c, uint64_t{e.found}, uint64_t{0x7FFF'FFFF});
  const std::array<std::byte, 8> digest{std::byte{0xDE}, std::byte{0xAD}, std::byte{0xBE}, std::byte{0xEF},
                                        std::byte{0x01}, std::byte{0x02}, std::byte{0x03}, std::byte{0x04}};
  const uint64_t head = core::kDiagnosticText ? 0xDEAD'BEEF'0102'0304 : 0xDEAD'BEEF;
  NB_EXPECT_EQ(c, uint64_t{core::leading_bytes_value(digest)}, head);
}

// Every strategy either plans this layout (built) or is refused as not built (kUnsupported); the
// product image builds swap-pipeline only.
void strategies_not_built_are_refused(Check& c) {
  NB_EXPECT(c, kStrategies.count > 0);
  for (const boot::StrategyInfo& i : boot::kStrategyTable) {
    BootBench b(i.strategy);
    const flash::Area* scratch = b.areas.scratch.dev != nullptr ? &b.areas.scratch : nullptr;
    auto p = boot::plan_slots(i.strategy, b.areas.primary, b.areas.secondary, scratch, 8);
    NB_EXPECT_EQ(c, p.has_value(), boot::strategy_built(i.strategy));
    if (!p) NB_EXPECT_EQ(c, p.error().code, core::Errc::kUnsupported);
  }
}

constexpr Case kCases[] = {
    {"Boot", "TestUpgrade_NotConfirmed_RevertsOnEveryStrategy", test_upgrade_not_confirmed_reverts},
    {"Boot", "TestUpgrade_Confirmed_StaysOnEveryStrategy", test_upgrade_confirmed_stays},
    {"Boot", "PermanentUpgrade_NeverReverts", permanent_upgrade_never_reverts},
    {"Boot", "CorruptSecondary_RefusedRequestConsumed", corrupt_secondary_refused_and_request_consumed},
    {"Boot", "SwapTable_RequestThenTestedImage_Decisions", swap_table_request_then_tested_image_decisions},
    {"Boot", "ErrorValues_KeptOrSaturatedPerBuild", error_values_kept_or_saturated_per_build},
    {"Boot", "Strategies_NotBuilt_RefusedByThePlan", strategies_not_built_are_refused},
};
const Suite kSuite(kCases);

}  // namespace
}  // namespace norboot::target
