// Host time of `norboot layout check` and `norboot inspect` work on the motivating board
// (nRF52833 512 KiB + MX25R3235F 4 MiB): reading and checking maps (devicetree through cpp + dtc,
// pm_static.yml), and analysing full-size dumps after an unconfirmed 300292-byte test upgrade,
// dry run (a whole revert on a copy) included.
// NORBOOT_LAYOUT_BENCH_DUMPS=DIR also writes those dumps (internal.bin, external.bin) for timing
// the command line itself.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <benchmark/benchmark.h>

#include "boot/app_api.hpp"
#include "core/bytes.hpp"
#include "flash/ram_flash.hpp"
#include "sim/virtual_clock.hpp"
#include "tools/inspect/inspect_report.hpp"
#include "tools/layout/devices.hpp"
#include "tools/layout/layout_check.hpp"
#include "tools/layout/layout_files.hpp"

namespace {

namespace fs = std::filesystem;
using namespace norboot;
using tools::layout::Role;

const sim::BoardSpec& board() { return sim::kBoards[0]; }

std::string fixture(const char* name) {
  return (fs::path(__FILE__).parent_path().parent_path() / "tests/fixtures/layout" / name).string();
}

/// Images for the bench: +0 u32 size, then payload; "valid" when the size fits the area.
class SizedImages final : public tools::inspect::ImageSupport, public boot::ImageCheck {
 public:
  core::Result<boot::ImageSummary> peek(const flash::Area& a) override {
    std::array<std::byte, 4> h{};
    NB_TRY(a.read(0, h));
    boot::ImageSummary s;
    s.size = core::load_le32(h);
    if (s.size < 8 || s.size > a.size) return core::fail(core::Errc::kBadMagic, "bench image size");
    return s;
  }
  core::Result<boot::ImageSummary> verify(const flash::Area& a) override { return peek(a); }
  tools::inspect::ImageFacts describe(const flash::Area& a) override {
    tools::inspect::ImageFacts f;
    auto s = peek(a);
    f.present = s.has_value();
    f.total_size = s ? s->size : 0;
    return f;
  }
  boot::ImageCheck& check() override { return *this; }
  std::string summary() const override { return "bench images"; }
  bool knows_images() const override { return true; }
};

class NullLog final : public boot::BootLog {
  void event(const boot::BootEvent&) override {}
};

/// The motivating board after a test upgrade to v2 (300292 bytes) that was never confirmed: the
/// next boot reverts, so the dry run swaps all 74 units back.
tools::inspect::InspectTarget interrupted_upgrade(SizedImages& images) {
  const flash::Geometry gi = sim::mcu_geometry(board().mcu), ge = sim::nor_geometry(board().chip);
  std::vector<std::byte> in(gi.size, std::byte{0xFF}), ex(ge.size, std::byte{0xFF});
  flash::RamFlash internal("internal", gi, in), external("external", ge, ex);
  const tools::layout::LayoutDesc map = tools::layout::preset_layout(board());
  const flash::Area p{&internal, 0xC000, 0x74000, "primary"}, s{&external, 0, 0x76000, "secondary"};
  boot::BootConfig cfg;
  sim::VirtualClock clock;
  NullLog log;
  std::vector<std::byte> work(4096);
  boot::Bootloader bl(cfg, {p, s, {}}, clock, images, log, work);
  auto put = [](const flash::Area& a, uint32_t off, uint32_t size) {
    std::vector<std::byte> img(size, std::byte{0x5A});
    core::store_le32(img, 0, size);
    (void)a.write(off, img);
  };
  put(p, 0, 200000);
  put(s, bl.plan()->secondary_offset, 300292);
  (void)boot::request_upgrade(s, boot::UpgradeMode::kTest);
  (void)bl.run();
  tools::inspect::InspectTarget t;
  t.board = std::string(board().name);
  t.internal = {"internal", "nRF52833 internal flash", gi, {in, "internal.bin", "raw"}};
  t.external = {"external", "MX25R3235F", ge, {ex, "external.bin", "raw"}};
  t.layout = map;
  t.config = cfg;
  return t;
}

void BM_LayoutCheck_MotivatingOverlay(benchmark::State& st) {
  for (auto _ : st) {
    auto maps = tools::layout::read_layout_files({{fixture("motivating.overlay")}, {}, &board()});
    if (!maps) {
      st.SkipWithError(maps.error().describe().c_str());
      return;
    }
    tools::layout::CheckOptions opt;
    opt.board = &board();
    opt.image = tools::layout::ImageInput{300292, "app_update.bin", "file size"};
    benchmark::DoNotOptimize(tools::layout::check_layouts(std::move(*maps), opt).refused());
  }
}
BENCHMARK(BM_LayoutCheck_MotivatingOverlay)->Unit(benchmark::kMillisecond);

void BM_LayoutCheck_PmStatic(benchmark::State& st) {
  for (auto _ : st) {
    auto maps = tools::layout::read_layout_files({{fixture("nrf52833-mx25r3235f.pm_static.yml")}, {}, &board()});
    if (!maps) {
      st.SkipWithError(maps.error().describe().c_str());
      return;
    }
    tools::layout::CheckOptions opt;
    opt.board = &board();
    benchmark::DoNotOptimize(tools::layout::check_layouts(std::move(*maps), opt).refused());
  }
}
BENCHMARK(BM_LayoutCheck_PmStatic)->Unit(benchmark::kMillisecond);

void BM_Inspect_FullDumps(benchmark::State& st) {
  SizedImages images;
  const tools::inspect::InspectTarget t = interrupted_upgrade(images);
  if (const char* dir = std::getenv("NORBOOT_LAYOUT_BENCH_DUMPS")) {
    std::ofstream(fs::path(dir) / "internal.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(t.internal.dump.bytes.data()), t.internal.geometry.size);
    std::ofstream(fs::path(dir) / "external.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(t.external.dump.bytes.data()), t.external.geometry.size);
  }
  for (auto _ : st) benchmark::DoNotOptimize(tools::inspect::analyze(t, images).slots.size());
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * (t.internal.geometry.size + t.external.geometry.size));
}
BENCHMARK(BM_Inspect_FullDumps)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
