// norboot demo [--workdir DIR] [--json]: the motivating story on the simulated board, start to end —
// the chip probed, the seed's two driver failures reproduced and fixed, the seed's partition map
// refused before flashing, an update installed, tested, confirmed, a too-large image refused with
// the flash untouched, a power cut in the middle of a swap recovered, and the swap time against the
// physical bound and MCUboot. Everything lands in DIR: report.txt, report.json, the board's state
// (norboot inspect --state DIR/board), and the swap's timeline (swap-timeline.svg).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "boot/app_api.hpp"
#include "boot/slot_plan.hpp"
#include "sim/board_target.hpp"
#include "tools/command.hpp"
#include "tools/demo_report.hpp"
#include "tools/demo_seed.hpp"
#include "tools/demo_smp.hpp"
#include "tools/layout/layout_check.hpp"
#include "tools/layout/layout_files.hpp"
#include "tools/output.hpp"
#include "tools/sim_support.hpp"
#include "tools/swap_bench.hpp"

namespace norboot::tools::cmd_demo {
namespace {

namespace fs = std::filesystem;
using demo::Chapter;

constexpr const char* kBoard = "nrf52833-mx25r3235f";

// The seed's two partition maps (the devicetree said one thing, the Partition Manager another).
constexpr const char* kSeedOverlay = R"(&flash0 { partitions { compatible = "fixed-partitions";
  #address-cells = <1>; #size-cells = <1>;
  boot_partition: partition@0 { label = "mcuboot"; reg = <0x0 0xC000>; };
  slot0_partition: partition@c000 { label = "image-0"; reg = <0xC000 0x35000>; }; }; };
&mx25r32 { partitions { compatible = "fixed-partitions"; #address-cells = <1>; #size-cells = <1>;
  slot1_partition: partition@0 { label = "image-1"; reg = <0x0 0x73000>; }; }; };
)";

Chapter layout_chapter(const fs::path& dir) {
  Chapter c{"The seed's partition map, checked before flashing (300000-byte image)", {}, true};
  const fs::path overlay = dir / "seed-layout.overlay";
  std::ofstream(overlay) << kSeedOverlay;
  const auto spec = sim::find_board(kBoard);
  auto layouts = layout::read_layout_files({{overlay.string()}, {}, &*spec});
  if (!layouts) {
    c.ok = false;
    c.lines.push_back("  " + layouts.error().describe());
    return c;
  }
  layout::CheckOptions opt;
  opt.board = &*spec;
  opt.image = layout::ImageInput{300000, "the image", "--image-size"};
  const layout::CheckReport r = layout::check_layouts(std::move(*layouts), opt);
  for (const auto& f : r.findings.all()) {
    if (f.severity == layout::Severity::kError) c.lines.push_back("  error: " + f.message);
  }
  c.lines.push_back(r.refused() ? "  refused before anything was flashed (norboot layout check " + overlay.string() +
                                      " --board " + kBoard + " --image-size 300000)"
                                : "  accepted (unexpected)");
  c.ok = r.refused();
  return c;
}

/// One boot of the persisted board; the log goes into the chapter.
boot::BootResult boot_once(sim::BoardState& st, Chapter& c) {
  (void)st.board->power_on();
  sim::BootRun run = sim::run_bootloader(*st.board, boot_settings(st));
  for (const auto& e : run.log.entries()) c.lines.push_back("  | " + sim::render_line(e));
  if (!run.result) {
    c.lines.push_back("  boot failed: " + describe(run.result.error()));
    return {};
  }
  c.lines.push_back("  " + running_text(*run.result));
  return *run.result;
}

core::Status stage_upgrade(sim::BoardState& st, const std::vector<std::byte>& img, boot::UpgradeMode mode) {
  auto areas = NB_TRY(st.board->boot_areas(st.strategy));
  auto plan = NB_TRY(boot::plan_slots(st.strategy, areas.primary, areas.secondary, nullptr, st.max_align));
  if (img.size() > plan.max_image_size) {
    core::Error e{.code = core::Errc::kTooLarge, .what = "image larger than the largest image the strategy boots"};
    e.area = "secondary";
    e.expected = plan.max_image_size;
    e.found = img.size();
    e.has_values = true;
    return core::fail(e);
  }
  NB_TRY(areas.secondary.erase(0, areas.secondary.size));
  NB_TRY(areas.secondary.write(plan.secondary_offset, sim::pad_to_block(img, 1)));
  return boot::request_upgrade(areas.secondary, mode, st.max_align);
}



/// v1 flashed into the primary of a fresh board in `dir`, as a programmer leaves it.
bool flash_v1(const fs::path& dir, const std::vector<std::byte>& v1, std::string& why) {
  auto st = sim::create_state(dir, kBoard, boot::Strategy::kSwapPipeline, true);
  if (!st) return why = st.error().message, false;
  auto primary = st->board->area("primary");
  auto ok = primary->erase(0, primary->size);
  if (ok) ok = primary->write(0, sim::pad_to_block(v1, 4));
  if (!ok) return why = describe(ok.error()), false;
  auto saved = sim::save_state(dir, *st);
  if (!saved) return why = saved.error().message, false;
  return true;
}

/// The bootloader started on the staged v3 with a torn cut armed 4 s in, then the recovery boot.
/// True when the cut landed mid-swap and the recovery finished the swap and booted v3.
bool cut_then_recover(sim::BoardState& st, Chapter& cut) {
  const uint64_t cut_at = st.board->clock().now_ns() + 4'000'000'000ull;  // inside the ~10 s swap
  st.board->power().arm({.at_op = 0, .at_time_ns = cut_at, .mode = sim::CutMode::kTorn, .seed = 7});
  sim::BootRun first = sim::run_bootloader(*st.board, boot_settings(st));
  const bool lost = !first.result && first.result.error().code == core::Errc::kPowerLost;
  for (const auto& e : first.log.entries()) cut.lines.push_back("  | " + sim::render_line(e));
  cut.lines.push_back(fmt::format("  power cut (torn) at t = {:.3f} s: {}", cut_at / 1e9,
                                  lost ? "the bootloader stopped mid-swap" : "the cut did not land"));
  st.board->power().disarm();
  st.board->power().reboot();
  const boot::BootResult rec = boot_once(st, cut);
  return lost && rec.resumed && rec.image.version.major == 3;
}

Chapter power_cut_chapter(const fs::path& dir, const std::vector<std::byte>& v3, std::vector<demo::Phase>& phases) {
  Chapter cut{"A power cut in the middle of the swap to v3, then recovery", {}, true};
  auto st = sim::load_state(dir);
  if (!st) return {cut.title, {"  state: " + st.error().message}, false};
  (void)st->board->power_on();
  cut.ok &= static_cast<bool>(stage_upgrade(*st, v3, boot::UpgradeMode::kTest));
  cut.lines.push_back("  the application wrote v3 to the secondary and requested a test");
  cut.ok &= static_cast<bool>(sim::save_state(dir, *st));  // the phase's wear starts after the staging
  demo::Phase p{.name = "reset: swap to v3 cut at +4 s, recovery boot", .bytes = v3.size()};
  p.one_erase_per_sector = false;  // the step the cut interrupted is redone
  const auto host0 = std::chrono::steady_clock::now();
  const uint64_t boot0_ns = st->board->clock().now_ns();
  const demo::WearMark wear0 = demo::WearMark::of(*st);
  cut.ok &= cut_then_recover(*st, cut);
  cut.lines.push_back("  every cut point of this update, clean and torn: norboot sim torture --scenario upgrade --torn");
  p.virtual_s = (st->board->clock().now_ns() - boot0_ns) / 1e9;
  if (auto saved = sim::save_state(dir, *st); !saved) cut.lines.push_back("  state: " + saved.error().message);
  p.host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - host0).count();
  wear0.diff_into(demo::WearMark::of(*st), p);
  phases.push_back(p);
  return cut;
}

std::vector<Chapter> update_chapters(const fs::path& dir, std::vector<demo::Phase>& phases) {
  const auto v1 = make_test_image(200000, {1, 0, 0, 0}, 1), v2 = make_test_image(300000, {2, 0, 0, 0}, 2);
  const auto v3 = make_test_image(300000, {3, 0, 0, 0}, 3), huge = make_test_image(480000, {4, 0, 0, 0}, 4);
  std::string why;
  if (!flash_v1(dir, v1, why)) return {{"Update", {"  " + why}, false}};
  std::vector<Chapter> out = demo::smp_update_chapters(dir, v2, huge, phases);
  out.push_back(power_cut_chapter(dir, v3, phases));
  return out;
}

Chapter bench_chapter(const fs::path& dir) {
  Chapter c{"Swap time of a 300000-byte image (virtual time on the board's datasheet timings)", {}, true};
  const auto spec = *sim::find_board(kBoard);
  c.lines.push_back("  " + swap_bench_header());
  for (boot::Strategy s : {boot::Strategy::kSwapMove, boot::Strategy::kSwapOffset, boot::Strategy::kSwapPipeline}) {
    sim::Timeline tl;
    const SwapBench b = bench_swap(spec, s, 300000, s == boot::Strategy::kSwapPipeline ? &tl : nullptr);
    c.lines.push_back("  " + swap_bench_line(b));
    c.ok &= b.error.empty();
    if (s == boot::Strategy::kSwapPipeline) {
      std::ofstream(dir / "swap-timeline.svg") << sim::render_svg(tl, "nrf52833-mx25r3235f swap-pipeline upgrade");
      c.ok &= b.swap_ns <= b.bound_ns * 110 / 100;
    }
  }
  for (auto& l : c.lines) {
    if (!l.empty() && l.back() == '\n') l.pop_back();
  }
  return c;
}

int run_demo(const std::string& workdir, bool json) {
  const fs::path dir(workdir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return report_message(workdir + ": " + ec.message(), json, kExitIo);
  std::vector<Chapter> chapters{demo::probe_chapter(), demo::dma_magic_chapter(), demo::short_write_chapter(),
                                layout_chapter(dir)};
  std::vector<demo::Phase> phases;
  for (auto& c : update_chapters(dir / "board", phases)) chapters.push_back(std::move(c));
  chapters.push_back(bench_chapter(dir));
  auto final_state = sim::load_state(dir / "board");
  chapters.push_back(final_state ? demo::report_chapter(phases, demo::WearMark::of(*final_state))
                                 : Chapter{"Report", {"  state: " + final_state.error().message}, false});
  std::string text;
  nlohmann::json doc = nlohmann::json::array();
  bool all_ok = true;
  for (size_t i = 0; i < chapters.size(); ++i) {
    const Chapter& c = chapters[i];
    all_ok &= c.ok;
    text += fmt::format("== {}. {} [{}]\n", i + 1, c.title, c.ok ? "ok" : "FAILED");
    for (const auto& l : c.lines) text += l + "\n";
    doc.push_back({{"title", c.title}, {"ok", c.ok}, {"lines", c.lines}});
  }
  text += all_ok ? "demo: every chapter ended as norboot promises\n" : "demo: some chapter did not end as expected\n";
  nlohmann::json phase_doc = nlohmann::json::array();
  for (const auto& p : phases) {
    phase_doc.push_back({{"phase", p.name}, {"board_s", p.virtual_s}, {"host_s", p.host_s}, {"bytes", p.bytes},
                         {"internal", {{"erases", p.int_erases}, {"max_erases_per_sector", p.int_max}}},
                         {"external", {{"erases", p.ext_erases}, {"max_erases_per_sector", p.ext_max}}}});
  }
  std::ofstream(dir / "report.txt") << text;
  std::ofstream(dir / "report.json") << nlohmann::json{{"ok", all_ok}, {"chapters", doc}, {"phases", phase_doc}}.dump(2)
                                     << "\n";
  if (json) {
    print_json({{"ok", all_ok}, {"chapters", doc}, {"phases", phase_doc}, {"workdir", workdir}});
  } else {
    std::fputs(text.c_str(), stdout);
    std::printf("written: %s/report.txt, report.json, swap-timeline.svg, board/ (norboot inspect --state %s/board)\n",
                workdir.c_str(), workdir.c_str());
  }
  return all_ok ? kExitOk : kExitRefused;
}

static CommandRegistration reg{"demo", [](CLI::App& app) {
  auto workdir = std::make_shared<std::string>("out/demo");
  auto json = std::make_shared<bool>(false);
  CLI::App* c = app.add_subcommand("demo", "The motivating story on the simulated board, start to end");
  c->add_option("--workdir", *workdir, "Where the report, the board state and the timeline go");
  c->add_flag("--json", *json, "JSON output");
  c->callback(run([workdir, json] { return run_demo(*workdir, *json); }));
}};

}  // namespace
}  // namespace norboot::tools::cmd_demo
