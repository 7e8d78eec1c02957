// inspect explains board states. (1) On the motivating board: an interrupted upgrade, the flash
// map (text, SVG), --json, and the motivating layout's image that spills past slot0.
// (2) Every state the boot-core campaigns produce, in agreement with what the bootloader then does: before every boot of every power-cut chain (start state, each cut's
// intermediate dump, recovery after recovery), the inspector reads copies of the two chips and
// predicts the boot; the real boot then runs on the chips and must do exactly that — same swap
// type, same resume, the stage it continues at — and the inspector's dry run must match it.
#include <array>
#include <filesystem>
#include <map>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "boot/app_api.hpp"
#include "core/bytes.hpp"
#include "core/crc.hpp"
#include "sim/torture.hpp"
#include "sim/timed_ram_flash.hpp"
#include "tools/inspect/flash_map.hpp"
#include "tools/inspect/inspect_render.hpp"
#include "tools/inspect/inspect_report.hpp"
#include "tools/layout/devices.hpp"
#include "tools/layout/layout_files.hpp"

namespace norboot::tools::inspect::inspect_states_test {
namespace {

using boot::Strategy;
using boot::SwapType;
using sim::Scenario;

// A tiny image format for these tests (no crypto): +0 magic "NBTI", +4 total size, +8 version
// (major, minor, u16 revision), payload, last 4 bytes CRC-32 of the rest.
constexpr uint32_t kMagic = 0x4E425449;

std::vector<std::byte> make_image(uint32_t size, uint8_t major, uint8_t seed) {
  std::vector<std::byte> img(size);
  core::store_le32(img, 0, kMagic);
  core::store_le32(img, 4, size);
  img[8] = std::byte{major};
  uint32_t x = seed * 2654435761u + 1;
  for (uint32_t i = 12; i + 4 < size; ++i) img[i] = std::byte((x = x * 1103515245u + 12345u) >> 24);
  core::store_le32(img, size - 4, core::crc32(std::span(img).first(size - 4)));
  return img;
}

class TestImages final : public boot::ImageCheck, public ImageSupport {
 public:
  core::Result<boot::ImageSummary> peek(const flash::Area& a) override {
    std::array<std::byte, 12> h{};
    NB_TRY(a.read(0, h));
    if (core::load_le32(h) != kMagic) return core::fail(core::Errc::kBadMagic, "test image magic");
    boot::ImageSummary s;
    s.size = core::load_le32(h, 4);
    s.version.major = std::to_integer<uint8_t>(h[8]);
    if (s.size < 16 || s.size > a.size) return core::fail(core::Errc::kCorrupt, "test image size");
    return s;
  }
  core::Result<boot::ImageSummary> verify(const flash::Area& a) override {
    boot::ImageSummary s = NB_TRY(peek(a));
    std::vector<std::byte> all(s.size);
    NB_TRY(a.read(0, all));
    if (core::crc32(std::span(all).first(s.size - 4)) != core::load_le32(all, s.size - 4)) {
      return core::fail(core::Errc::kMismatch, "test image CRC");
    }
    return s;
  }
  ImageFacts describe(const flash::Area& a) override {
    ImageFacts f;
    std::array<std::byte, 12> h{};
    if (!a.read(0, h) || core::load_le32(h) != kMagic) return f;
    f.present = true;
    f.format = "test image";
    f.version.major = std::to_integer<uint8_t>(h[8]);
    f.total_size = core::load_le32(h, 4);
    auto v = verify(a);
    f.hash_ok = v.has_value();
    if (!v) f.problem = v.error().what;
    return f;
  }
  boot::ImageCheck& check() override { return *this; }
  std::string summary() const override { return "test images"; }
  bool knows_images() const override { return true; }
};

/// Keeps the boot log's resume lines ("continuing at stage k of n").
struct ResumeLog final : boot::BootLog {
  std::vector<std::string> lines;
  void event(const boot::BootEvent& e) override {
    if (e.kind == boot::Event::kResume) lines.emplace_back(e.message);
  }
};

/// A copy of a device's cells: what a dump of the chip holds.
std::vector<std::byte> cells(const sim::TimedRamFlash& f) { return {f.bytes().begin(), f.bytes().end()}; }

struct Tally {
  std::map<std::string, int> seen;  // by prediction kind
  std::vector<std::string> mismatches;
  int compared = 0;
};

class InspectedBoard final : public sim::TortureTarget {
 public:
  InspectedBoard(Strategy s, uint32_t image_sectors, Tally& tally)
      : tally_(tally),
        internal_(internal_config(), power_),
        external_(external_config(), power_) {
    cfg_.strategy = s;
    areas_.primary = {&internal_, 0x4000, 12 * 4096, "primary"};
    areas_.secondary = {&external_, 0, 14 * 4096, "secondary"};
    if (s == Strategy::kSwapScratch) areas_.scratch = {&external_, 0x20000, 4096, "scratch"};
    v1 = make_image(image_sectors * 4096 - 300, 1, 1);
    v2 = make_image(image_sectors * 4096 + 900, 2, 2);
  }

  void prepare(Scenario sc) {
    auto put = [](const flash::Area& a, std::vector<std::byte> img) {
      img.resize((img.size() + 3) / 4 * 4, std::byte{0xFF});
      ASSERT_TRUE(a.write(0, img));
    };
    put(areas_.primary, v1);
    put(bootloader(nullptr).secondary_image_area(), v2);
    const auto mode = sc == Scenario::kPermanent ? boot::UpgradeMode::kPermanent : boot::UpgradeMode::kTest;
    ASSERT_TRUE(boot::request_upgrade(areas_.secondary, mode));
    if (sc == Scenario::kRevert) {
      ASSERT_TRUE(bootloader(nullptr).run());
    }
    snap_int_.assign(internal_.bytes().begin(), internal_.bytes().end());
    snap_ext_.assign(external_.bytes().begin(), external_.bytes().end());
  }

  void reset() override {
    power_.disarm();
    if (!power_.alive()) power_.reboot();
    internal_.restore(snap_int_);
    external_.restore(snap_ext_);
    internal_.counters().reset();
    external_.counters().reset();
  }
  sim::PowerDomain& power() override { return power_; }
  core::Result<boot::BootResult> boot() override {
    const InspectTarget t = target();
    const InspectReport report = analyze(t, images_);
    ResumeLog log;
    auto r = bootloader(&log).run();
    if (r) compare(report, *r, log);
    return r;
  }
  std::vector<std::pair<std::string, uint32_t>> max_sector_erases() const override {
    return {{"internal", internal_.counters().max_sector_erases()}, {"external", external_.counters().max_sector_erases()}};
  }
  bool holds(std::string_view area, uint32_t off, const std::vector<std::byte>& image) override {
    const flash::Area& a = area == "primary" ? areas_.primary : areas_.secondary;
    std::vector<std::byte> got(image.size());
    return power_.alive() && a.read(off, got) && got == image;
  }
  const boot::BootAreas& areas() const override { return areas_; }
  uint32_t secondary_image_offset() const override {
    return const_cast<InspectedBoard*>(this)->bootloader(nullptr).plan()->secondary_offset;
  }

  std::vector<std::byte> v1, v2;

 private:
  struct NullLog final : boot::BootLog {
    void event(const boot::BootEvent&) override {}
  };

  boot::Bootloader bootloader(boot::BootLog* log) {
    return boot::Bootloader(cfg_, areas_, clock_, images_, log ? *log : null_log_, work_);
  }

  /// The inspector's view of the board: the same chips, as dumps, with the same map.
  InspectTarget target() {
    InspectTarget t;
    t.board = "test rig";
    t.internal = {"internal", "internal", internal_.geometry(), {cells(internal_), "internal", "raw"}};
    t.external = {"external", "external", external_.geometry(), {cells(external_), "external", "raw"}};
    for (const flash::Area* a : {&areas_.primary, &areas_.secondary, &areas_.scratch}) {
      if (a->dev == nullptr) continue;
      layout::AreaDesc d;
      d.name = a->name;
      d.role = layout::role_from_name(a->name);
      d.device = a->dev->name();
      d.off = a->off;
      d.size = a->size;
      t.layout.areas.push_back(d);
    }
    t.config = cfg_;
    return t;
  }

  void compare(const InspectReport& rep, const boot::BootResult& r, const ResumeLog& log) {
    const NextBoot& n = rep.next;
    ++tally_.compared;
    const std::string kind = n.state.work == boot::PendingWork::kResumeUpgrade ? "resume upgrade"
                             : n.state.work == boot::PendingWork::kResumeRevert ? "resume revert"
                                                                                 : boot::swap_type_name(n.expected.swap);
    ++tally_.seen[kind];
    std::string why;
    if (!n.expected_known) why += "prediction unknown; ";
    if (n.expected.swap != r.swap) why += fmt::format("swap {} predicted, {} done; ", boot::swap_type_name(n.expected.swap), boot::swap_type_name(r.swap));
    if (n.expected.resumed != r.resumed) why += fmt::format("resumed {} predicted, {} done; ", n.expected.resumed, r.resumed);
    if (!n.dry_run.ran || n.dry_run.result.bootable != r.bootable || n.dry_run.result.swap != r.swap ||
        n.dry_run.result.resumed != r.resumed) {
      why += "dry run differs; ";
    }
    if (n.stages_done && *n.stages_done > 0) {
      const std::string want = fmt::format("continuing at stage {} of {}", *n.stages_done, *n.stage_count);
      if (log.lines.empty() || log.lines.back() != want) {
        why += fmt::format("inspect says '{}', the boot log says '{}'; ", want, log.lines.empty() ? "" : log.lines.back());
      }
    }
    if (!why.empty() && tally_.mismatches.size() < 5) {
      const SlotReport* p = rep.slot(layout::Role::kPrimary);
      const SlotReport* s = rep.slot(layout::Role::kSecondary);
      tally_.mismatches.push_back(fmt::format("{} [next boot will {}; primary: {}; secondary: {}]", why, n.action,
                                              trailer_text(p->trailer), trailer_text(s->trailer)));
    }
  }

  // The boot-core campaigns' devices: an internal flash that stalls the CPU, an external one that
  // erases and programs in the background (tests/boot/boot_torture_test.cpp).
  static sim::TimedRamFlashConfig internal_config() {
    return {.name = "internal", .geometry = flash::Geometry::uniform(4096, 32, 4), .program_ns = 41'000, .erase_ns = 87'000'000};
  }
  static sim::TimedRamFlashConfig external_config() {
    return {.name = "external", .geometry = flash::Geometry::uniform(4096, 64, 1, 0xFF, 256), .program_ns = 3'500,
            .erase_ns = 48'000'000, .async_erase = true, .async_program = true};
  }

  Tally& tally_;
  boot::BootConfig cfg_;
  sim::VirtualClock clock_;
  sim::PowerDomain power_{clock_};
  sim::TimedRamFlash internal_, external_;
  boot::BootAreas areas_;
  TestImages images_;
  NullLog null_log_;
  std::vector<std::byte> work_ = std::vector<std::byte>(4096);
  std::vector<std::byte> snap_int_, snap_ext_;
};

sim::Expectation expectation(Scenario sc, Strategy s, InspectedBoard& t) {
  const bool revertible = boot::strategy_info(s).keeps_revert;
  const sim::EndState upgraded{"upgraded", &t.v2, revertible ? &t.v1 : nullptr, "secondary", 0,
                               revertible ? SwapType::kRevert : SwapType::kNone, !revertible};
  const sim::EndState reverted{"reverted", &t.v1, &t.v2, "secondary", t.secondary_image_offset(), SwapType::kNone, true};
  sim::EndState reverted_after_test = reverted;
  reverted_after_test.needs_finished_test = true;
  const sim::EndState installed{"installed", &t.v2, nullptr, "", 0, SwapType::kNone, true};
  switch (sc) {
    case Scenario::kUpgrade: return {revertible ? std::vector{upgraded, reverted_after_test} : std::vector{upgraded}};
    case Scenario::kRevert: return {{reverted}};
    case Scenario::kPermanent: return {{installed}};
  }
  return {};
}

struct Case {
  Strategy strategy;
  Scenario scenario;
};

std::vector<Case> all_cases() {
  std::vector<Case> v;
  for (const auto& s : boot::kStrategyTable) {
    for (Scenario sc : {Scenario::kUpgrade, Scenario::kRevert, Scenario::kPermanent}) {
      if (sc != Scenario::kRevert || s.keeps_revert) v.push_back({s.strategy, sc});
    }
  }
  return v;
}

std::string case_name(const ::testing::TestParamInfo<Case>& i) {
  std::string n = std::string(boot::strategy_name(i.param.strategy)) + "_" + std::string(sim::scenario_name(i.param.scenario));
  for (char& c : n) c = c == '-' ? '_' : c;
  return n;
}

class InspectAgreement : public ::testing::TestWithParam<Case> {
 protected:
  sim::TortureReport campaign(uint32_t sectors, sim::TortureOptions opt, Tally& tally) {
    InspectedBoard board(GetParam().strategy, sectors, tally);
    board.prepare(GetParam().scenario);
    opt.scenario = GetParam().scenario;
    sim::Torture torture(board, opt, expectation(GetParam().scenario, GetParam().strategy, board));
    return torture.run();
  }
};

std::string mismatches(const Tally& t) {
  std::string s;
  for (const auto& m : t.mismatches) s += m + "\n";
  return s;
}

TEST_P(InspectAgreement, EveryCutCleanAndTorn_PredictionMatchesTheBoot) {
  Tally tally;
  sim::TortureOptions opt;
  opt.torn = true;
  const sim::TortureReport r = campaign(3, opt, tally);
  EXPECT_EQ(r.failures, 0u);
  EXPECT_EQ(r.cut_points, 2 * r.scenario_ops);
  EXPECT_TRUE(tally.mismatches.empty()) << mismatches(tally);
  EXPECT_GT(tally.compared, static_cast<int>(r.scenario_ops));
  // Interrupted swaps were among the explained states (the campaign would be pointless otherwise).
  const bool revert_scenario = GetParam().scenario == Scenario::kRevert;
  EXPECT_GT(tally.seen[revert_scenario ? "resume revert" : "resume upgrade"], 0);
}

TEST_P(InspectAgreement, CutsDuringRecoveryToo_PredictionMatchesTheBoot) {
  // Random torn chains of three cuts: the first in the scenario, the others in the recoveries, so
  // the inspector meets half-finished recoveries of half-finished swaps.
  Tally tally;
  sim::TortureOptions opt;
  opt.depth = 3;
  opt.torn = true;
  opt.random_runs = 40;
  opt.seed = 20261126;
  const sim::TortureReport r = campaign(2, opt, tally);
  EXPECT_EQ(r.failures, 0u);
  EXPECT_TRUE(tally.mismatches.empty()) << mismatches(tally);
  EXPECT_GT(tally.compared, 0);
}

INSTANTIATE_TEST_SUITE_P(Campaign, InspectAgreement, ::testing::ValuesIn(all_cases()), case_name);

// ---- (1) the motivating board: nRF52833 (512 KiB) + MX25R3235F (4 MiB), full-size dumps ----

const sim::BoardSpec& motivating() { return sim::kBoards[0]; }

/// The motivating board's chips as cuttable RAM flashes, a map, and the test images.
class MotivatingBoard {
 public:
  explicit MotivatingBoard(layout::LayoutDesc map)
      : map_(std::move(map)),
        internal_({.name = "internal", .geometry = sim::mcu_geometry(motivating().mcu)}, power_),
        external_({.name = "external", .geometry = sim::nor_geometry(motivating().chip)}, power_) {
    cfg_.strategy = motivating().default_strategy;
  }

  flash::Area area(layout::Role r) {
    const layout::AreaDesc* a = map_.find(r);
    if (a == nullptr) return {};
    flash::Flash* dev = a->device == layout::kInternal ? static_cast<flash::Flash*>(&internal_) : &external_;
    return {dev, static_cast<uint32_t>(a->off), static_cast<uint32_t>(a->size), a->name.c_str()};
  }
  boot::Bootloader bootloader(boot::BootLog& log) {
    return boot::Bootloader(cfg_, {area(layout::Role::kPrimary), area(layout::Role::kSecondary), area(layout::Role::kScratch)},
                            clock_, images_, log, work_);
  }
  void put(const flash::Area& a, uint32_t off, std::vector<std::byte> img) {
    img.resize((img.size() + 3) / 4 * 4, std::byte{0xFF});
    ASSERT_TRUE(a.write(off, img));
  }
  InspectTarget target() {
    InspectTarget t;
    t.board = std::string(motivating().name);
    t.internal = {"internal", "nRF52833 internal flash", internal_.geometry(), {cells(internal_), "internal.bin", "raw"}};
    t.external = {"external", "MX25R3235F", external_.geometry(), {cells(external_), "external.bin", "raw"}};
    t.layout = map_;
    t.layout_from = map_.file;
    t.config = cfg_;
    t.strategy_from = "test";
    return t;
  }

  boot::BootConfig cfg_;
  TestImages images_;
  sim::VirtualClock clock_;
  sim::PowerDomain power_{clock_};

 private:
  layout::LayoutDesc map_;
  sim::TimedRamFlash internal_, external_;
  std::vector<std::byte> work_ = std::vector<std::byte>(4096);
};

struct NullLog final : boot::BootLog {
  void event(const boot::BootEvent&) override {}
};

/// v1 installed, v2 (300292 bytes) requested as a test, the upgrade cut at its 40th operation.
struct InterruptedUpgrade : ::testing::Test {
  MotivatingBoard board{layout::preset_layout(motivating())};
  void SetUp() override {
    NullLog log;
    board.put(board.area(layout::Role::kPrimary), 0, make_image(200000, 1, 1));
    const uint32_t slack = board.bootloader(log).plan()->secondary_offset;
    board.put(board.area(layout::Role::kSecondary), slack, make_image(300292, 2, 2));
    ASSERT_TRUE(boot::request_upgrade(board.area(layout::Role::kSecondary), boot::UpgradeMode::kTest));
    board.power_.arm({.at_op = board.power_.ops() + 40, .mode = sim::CutMode::kTorn, .seed = 7});
    ASSERT_FALSE(board.bootloader(log).run());
    board.power_.reboot();
  }
};

TEST_F(InterruptedUpgrade, Report_ResumesAtTheStageTheBootloaderContinuesAt) {
  const InspectTarget t = board.target();
  const InspectReport r = analyze(t, board.images_);
  ASSERT_TRUE(r.plan.has_value()) << r.plan_error;
  EXPECT_EQ(r.next.state.work, boot::PendingWork::kResumeUpgrade);
  ASSERT_TRUE(r.next.stages_done.has_value());
  EXPECT_GT(*r.next.stages_done, 0u);
  EXPECT_NE(r.next.action.find("finish the interrupted test upgrade"), std::string::npos) << r.next.action;
  ResumeLog log;
  auto done = board.bootloader(log).run();
  ASSERT_TRUE(done);
  EXPECT_TRUE(done->resumed);
  EXPECT_TRUE(done->bootable);
  ASSERT_FALSE(log.lines.empty());
  EXPECT_EQ(log.lines.back(), fmt::format("continuing at stage {} of {}", *r.next.stages_done, *r.next.stage_count));
  EXPECT_TRUE(r.next.dry_run.result.bootable);
  EXPECT_EQ(r.next.then, "then boots 2.0.0+0 (300292 bytes)");
}

TEST_F(InterruptedUpgrade, Text_MapTrailersLogAndTheNextBoot) {
  const InspectTarget t = board.target();
  const std::string text = render_inspect_text(analyze(t, board.images_));
  for (const char* want : {"flash map", "0x00c000 primary", "0x000000 secondary", "(no area)", "trailer at +0x73000: magic good",
                           "swap_info test", "upgrade log (primary trailer)", "next boot will finish the interrupted test upgrade",
                           "because an upgrade was interrupted", "simulated on a copy of the dumps", "then boots 2.0.0+0"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
}

TEST_F(InterruptedUpgrade, FlashMapBar_ShowsWrittenTrailerAndErasedTail) {
  const InspectTarget t = board.target();
  const InspectReport r = analyze(t, board.images_);
  const SlotReport* p = r.slot(layout::Role::kPrimary);
  ASSERT_NE(p, nullptr);
  const std::string bar = area_bar(*p, 64);
  ASSERT_EQ(bar.size(), 64u);
  EXPECT_EQ(bar.back(), 'T');
  const SlotReport* s = r.slot(layout::Role::kSecondary);
  EXPECT_NE(area_bar(*s, 64).find_first_of("#I"), std::string::npos);
}

TEST_F(InterruptedUpgrade, Json_AndSvg) {
  const InspectTarget t = board.target();
  const InspectReport r = analyze(t, board.images_);
  const nlohmann::json j = render_inspect_json(r);
  EXPECT_EQ(j["next_boot"]["work"], "resume_upgrade");
  EXPECT_EQ(j["next_boot"]["expected"]["swap"], "test");
  EXPECT_TRUE(j["next_boot"]["dry_run"]["bootable"].get<bool>());
  EXPECT_EQ(j["areas"][1]["name"], "primary");
  EXPECT_EQ(j["areas"][1]["trailer"]["magic"], "good");
  EXPECT_EQ(j["areas"][1]["offset"], "0x0000c000");
  const std::string svg = flash_map_svg(r);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find(">0x00c000 primary<"), std::string::npos);
}

TEST(InspectMotivatingLayout, ImageSpillingPastSlot0_DataOutsideTheSlotAndBootHalts) {
  // The team's devicetree: slot0 is 0x35000 bytes; their 300292-byte image was written from
  // 0xc000 on regardless, so its tail lies in flash no partition owns.
  const std::string overlay = (std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures/layout/motivating.overlay").string();
  auto maps = layout::read_layout_files({{overlay}, {}, &motivating()});
  ASSERT_TRUE(maps) << maps.error().describe();
  MotivatingBoard board((*maps)[0]);
  board.cfg_.strategy = Strategy::kSwapMove;
  const flash::Area p = board.area(layout::Role::kPrimary);
  const flash::Area whole{p.dev, p.off, 0x80000 - p.off, "flash"};
  board.put(whole, 0, make_image(300292, 1, 1));
  const InspectTarget t = board.target();
  const InspectReport r = analyze(t, board.images_);
  const SlotReport* slot0 = r.slot(layout::Role::kPrimary);
  ASSERT_NE(slot0, nullptr);
  EXPECT_EQ(slot0->area.name, "slot0_partition");
  ASSERT_EQ(slot0->images.size(), 1u);
  EXPECT_EQ(slot0->images[0].facts.total_size, 300292u);
  bool spill = false;
  for (const SlotReport& s : r.slots) {
    if (s.area.name == "(no area)" && s.area.device == layout::kInternal && s.area.off == 0x41000) spill = s.erased_bytes < s.area.size;
  }
  EXPECT_TRUE(spill) << "the image's tail past slot0 should show as data in no area";
  EXPECT_FALSE(r.next.dry_run.result.bootable);
  EXPECT_NE(r.next.then.find("then halts"), std::string::npos) << r.next.then;
}

}  // namespace
}  // namespace norboot::tools::inspect::inspect_states_test
