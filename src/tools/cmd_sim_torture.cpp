// norboot sim torture --board B --strategy S --scenario upgrade|revert|permanent [--torn]
//   [--depth D] [--cuts all|random:N] [--seed X] [--replay CHAIN] [--image-size N] [--json]
// Cuts the power of a whole simulated board (chip models behind the real drivers) at every device
// operation of a scenario, reboots, cuts again during recovery up to the depth, and checks after
// every run that the right image boots, the revert image survives, and wear stays in budget.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "sim/board_target.hpp"
#include "tools/command.hpp"
#include "tools/output.hpp"
#include "tools/sim_support.hpp"

namespace norboot::tools::cmd_sim_torture {
namespace {

struct TortureArgs {
  std::string board = "nrf52833-mx25r3235f", strategy, scenario = "upgrade", cuts = "all", replay, campaign;
  uint32_t depth = 1, image_size = 12000;
  uint64_t seed = 1;
  bool torn = false, json = false, verbose = false;
  bool skip_refused_layouts = false;  // campaign cells: a layout the strategy refuses up front is reported, not failed
};

std::optional<std::string> parse_cuts(const std::string& text, uint32_t& random_runs) {
  if (text == "all") {
    random_runs = 0;
    return std::nullopt;
  }
  if (text.rfind("random:", 0) == 0) {
    try {
      random_runs = static_cast<uint32_t>(std::stoul(text.substr(7)));
      if (random_runs > 0) return std::nullopt;
    } catch (const std::exception&) {
    }
  }
  return "--cuts must be all or random:N (N > 0), not \"" + text + "\"";
}

std::optional<std::string> parse_chain(const std::string& text, std::vector<uint64_t>& out) {
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t comma = text.find(',', pos);
    const std::string part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    try {
      out.push_back(std::stoull(part));
    } catch (const std::exception&) {
      return "--replay must be a comma-separated list of operation numbers, not \"" + text + "\"";
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return std::nullopt;
}

std::string replay_prefix(const TortureArgs& a, const std::string& strategy) {
  return fmt::format("norboot sim torture --board {} --strategy {} --scenario {} --image-size {}", a.board, strategy,
                     a.scenario, a.image_size);
}

/// One campaign cell; prints its line (or adds its JSON to `out`). Returns the failures, or -1
/// after reporting a usage error.
int64_t run_cell(const TortureArgs& a, nlohmann::json* out) {
  sim::BoardSpec spec;
  if (auto bad = find_board_flag(a.board, spec)) return report_message(*bad, a.json, kExitRefused), -1;
  sim::BootSettings settings;
  settings.strategy = spec.default_strategy;
  if (!a.strategy.empty()) {
    if (auto bad = parse_strategy_flag(a.strategy, settings.strategy)) return report_message(*bad, a.json, kExitRefused), -1;
  }
  auto sc = sim::parse_scenario(a.scenario);
  if (!sc) return report_message("--scenario must be upgrade, revert or permanent, not \"" + a.scenario + "\"", a.json, kExitRefused), -1;
  sim::TortureOptions opt;
  opt.scenario = *sc;
  opt.torn = a.torn;
  opt.depth = a.depth;
  opt.seed = a.seed;
  if (auto bad = parse_cuts(a.cuts, opt.random_runs)) return report_message(*bad, a.json, kExitRefused), -1;
  if (!a.replay.empty()) {
    if (auto bad = parse_chain(a.replay, opt.replay)) return report_message(*bad, a.json, kExitRefused), -1;
  }
  const std::string strategy(boot::strategy_name(settings.strategy));
  opt.replay_prefix = replay_prefix(a, strategy);
  auto board = sim::Board::create(spec);
  if (!board) return report_error(board.error(), a.json), -1;
  sim::BoardTarget target(**board, settings);
  target.set_echo(a.verbose);
  const auto v1 = make_test_image(a.image_size, {1, 0, 0, 0}, 1);
  const auto v2 = make_test_image(a.image_size + 1000, {2, 0, 0, 0}, 2);
  if (auto ok = target.prepare(opt.scenario, v1, v2); !ok) {
    if (!a.skip_refused_layouts) return report_error(ok.error(), a.json), -1;
    // The strategy refuses this board's layout before touching flash (plan_slots): nothing to cut.
    if (out != nullptr) {
      out->push_back({{"board", a.board}, {"strategy", strategy}, {"scenario", a.scenario}, {"refused_layout", describe(ok.error())},
                      {"cut_points", 0}, {"boots", 0}, {"failures", 0}});
    } else {
      std::printf("%s %s %s: layout refused up front: %s\n", a.board.c_str(), strategy.c_str(), a.scenario.c_str(),
                  describe(ok.error()).c_str());
    }
    return 0;
  }
  sim::Torture torture(target, opt, target.expectation(opt.scenario));
  const sim::TortureReport r = torture.run();
  if (out != nullptr) {
    out->push_back({{"board", a.board}, {"strategy", strategy}, {"scenario", a.scenario}, {"torn", a.torn},
                {"depth", a.depth}, {"scenario_ops", r.scenario_ops}, {"cut_points", r.cut_points},
                {"boots", r.boots}, {"failures", r.failures}, {"max_sector_erases", r.max_sector_erases},
                {"replays", r.replays}, {"reasons", r.failure_reasons}});
  } else {
    std::printf("%s %s %s%s depth %u: %llu operations, %llu cut points, %llu boots, %llu failures, worst sector %u erases\n",
                a.board.c_str(), strategy.c_str(), a.scenario.c_str(), a.torn ? " torn" : "", a.depth,
                static_cast<unsigned long long>(r.scenario_ops), static_cast<unsigned long long>(r.cut_points),
                static_cast<unsigned long long>(r.boots), static_cast<unsigned long long>(r.failures), r.max_sector_erases);
    for (size_t i = 0; i < r.replays.size(); ++i) std::printf("FAIL %s  # %s\n", r.replays[i].c_str(), r.failure_reasons[i].c_str());
  }
  return static_cast<int64_t>(r.failures);
}

/// The cells of a campaign: `full` is the whole campaign (every board x strategy x
/// scenario exhaustive at depth 1 torn, exhaustive depth 2 on a one-sector image, random torn
/// depth 3, and the 300000-byte product image exhaustive on the motivating board); `ci` a subset.
std::vector<TortureArgs> campaign_cells(const TortureArgs& base, bool full) {
  std::vector<TortureArgs> cells;
  const std::vector<std::string> boards = full ? std::vector<std::string>{"nrf52833-mx25r3235f", "nrf52840dk-mx25r6435f", "stm32f4-w25q128jv"}
                                               : std::vector<std::string>{"nrf52833-mx25r3235f", "stm32f4-w25q128jv"};
  for (const auto& board : boards) {
    for (const auto& info : boot::kStrategyTable) {
      for (const char* sc : {"upgrade", "revert", "permanent"}) {
        if (!info.keeps_revert && std::string(sc) == "revert") continue;
        TortureArgs c = base;
        c.skip_refused_layouts = true;
        c.board = board;
        c.strategy = std::string(info.name);
        c.scenario = sc;
        c.torn = true;
        c.depth = 1;
        c.cuts = "all";
        c.image_size = 12000;
        cells.push_back(c);
        c.torn = false;
        c.depth = 2;
        c.image_size = 3000;
        if (full || board == boards.front()) cells.push_back(c);
        c.torn = true;
        c.depth = 3;
        c.cuts = full ? "random:200" : "random:30";
        c.image_size = 12000;
        cells.push_back(c);
      }
    }
  }
  if (full) {
    TortureArgs c = base;
    c.strategy = "swap-pipeline";
    c.torn = true;
    c.image_size = 300000;
    cells.push_back(c);
  }
  return cells;
}

int run_torture(const TortureArgs& a) {
  if (a.campaign.empty()) {
    nlohmann::json one = nlohmann::json::array();
    const int64_t failures = run_cell(a, a.json ? &one : nullptr);
    if (failures < 0) return kExitRefused;
    if (a.json) print_json(one[0]);
    return failures == 0 ? kExitOk : kExitRefused;
  }
  if (a.campaign != "full" && a.campaign != "ci") return report_message("--campaign must be full or ci", a.json, kExitRefused);
  nlohmann::json cells = nlohmann::json::array();
  uint64_t failures = 0, boots = 0, cut_points = 0;
  for (const TortureArgs& c : campaign_cells(a, a.campaign == "full")) {
    const int64_t f = run_cell(c, a.json ? &cells : nullptr);
    if (f < 0) return kExitRefused;
    failures += static_cast<uint64_t>(f);
    if (a.json) {
      boots += cells.back()["boots"].get<uint64_t>();
      cut_points += cells.back()["cut_points"].get<uint64_t>();
    }
  }
  if (a.json) {
    print_json({{"campaign", a.campaign}, {"cells", cells}, {"cut_points", cut_points}, {"boots", boots}, {"failures", failures}});
  } else {
    std::printf("campaign %s: %zu cells, %llu failures\n", a.campaign.c_str(), campaign_cells(a, a.campaign == "full").size(),
                static_cast<unsigned long long>(failures));
  }
  return failures == 0 ? kExitOk : kExitRefused;
}

static CommandRegistration reg{"sim-torture", [](CLI::App& app) {
  auto a = std::make_shared<TortureArgs>();
  CLI::App* c = sim_command(app)->add_subcommand("torture", "Power cuts at every operation of an update, with recovery checks");
  c->add_option("--board", a->board, "Board preset");
  c->add_option("--strategy", a->strategy, "Upgrade strategy (default: the preset's)");
  c->add_option("--scenario", a->scenario, "upgrade, revert or permanent");
  c->add_flag("--torn", a->torn, "Also cut inside each operation (torn bits), seeded");
  c->add_option("--depth", a->depth, "Cuts per run: the first in the scenario, the rest during recovery")->check(CLI::Range(1, 8));
  c->add_option("--cuts", a->cuts, "all (exhaustive) or random:N");
  c->add_option("--seed", a->seed, "Seed of random chains and torn bits");
  c->add_option("--replay", a->replay, "Run exactly this cut chain (as printed by a failure)");
  c->add_option("--image-size", a->image_size, "Payload bytes of the old image (the new one is 1000 bytes larger)");
  c->add_option("--campaign", a->campaign, "Run a whole campaign instead: full (the issue's, every board x strategy x scenario) or ci");
  c->add_flag("--verbose", a->verbose, "Print every boot's log on stderr (use with --replay)");
  c->add_flag("--json", a->json, "JSON output");
  c->callback(run([a] { return run_torture(*a); }));
}};

}  // namespace
}  // namespace norboot::tools::cmd_sim_torture
