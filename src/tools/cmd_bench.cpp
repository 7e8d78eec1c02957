// norboot bench swap --board B --strategy S|all --image-size N [--json] [--timeline FILE.svg]
// Virtual swap and revert time of each strategy on a simulated board, against the physical bound
// and MCUboot's bootutil on the same timing model (tools/swap_bench.hpp).
#include <cstdio>
#include <fstream>

#include <CLI/CLI.hpp>

#include "tools/command.hpp"
#include "tools/output.hpp"
#include "tools/sim_support.hpp"
#include "tools/swap_bench.hpp"

namespace norboot::tools::cmd_bench {
namespace {

struct SwapArgs {
  std::string board = "nrf52833-mx25r3235f", strategy = "all", timeline;
  uint32_t image_size = 300000;
  bool json = false;
};

int run_swap(const SwapArgs& a) {
  sim::BoardSpec spec;
  if (auto bad = find_board_flag(a.board, spec)) return report_message(*bad, a.json, kExitRefused);
  std::vector<boot::Strategy> strategies;
  if (a.strategy == "all") {
    for (const auto& i : boot::kStrategyTable) strategies.push_back(i.strategy);
  } else {
    boot::Strategy s{};
    if (auto bad = parse_strategy_flag(a.strategy, s)) return report_message(*bad, a.json, kExitRefused);
    strategies.push_back(s);
  }
  if (!a.timeline.empty() && strategies.size() != 1) {
    return report_message("--timeline draws one strategy: give --strategy", a.json, kExitUsage);
  }
  nlohmann::json results = nlohmann::json::array();
  bool failed = false;
  if (!a.json) std::fputs(swap_bench_header().c_str(), stdout);
  for (boot::Strategy s : strategies) {
    sim::Timeline tl;
    const SwapBench b = bench_swap(spec, s, a.image_size, a.timeline.empty() ? nullptr : &tl);
    failed |= !b.error.empty();
    if (a.json) {
      results.push_back(swap_bench_json(b));
    } else {
      std::fputs(swap_bench_line(b).c_str(), stdout);
      std::fflush(stdout);
    }
    if (!a.timeline.empty()) {
      std::ofstream f(a.timeline);
      f << sim::render_svg(tl, a.board + " " + std::string(boot::strategy_name(s)) + " upgrade");
      if (!f) return report_message(a.timeline + ": cannot write", a.json, kExitIo);
    }
  }
  if (a.json) print_json({{"board", a.board}, {"payload_bytes", a.image_size}, {"results", results}});
  return failed ? kExitRefused : kExitOk;
}

static CommandRegistration reg{"bench", [](CLI::App& app) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks on the simulated boards (virtual time)");
  bench->require_subcommand(1);
  auto a = std::make_shared<SwapArgs>();
  CLI::App* c = bench->add_subcommand("swap", "Swap and revert time per strategy vs the physical bound and MCUboot");
  c->add_option("--board", a->board, "Board preset");
  c->add_option("--strategy", a->strategy, "A strategy, or all");
  c->add_option("--image-size", a->image_size, "Payload bytes (header 0x200 and TLVs come on top)")->check(CLI::Range(1u, 64u << 20));
  c->add_option("--timeline", a->timeline, "Write the upgrade's device activity as SVG");
  c->add_flag("--json", a->json, "JSON output");
  c->callback(run([a] { return run_swap(*a); }));
}};

}  // namespace
}  // namespace norboot::tools::cmd_bench
