// norboot layout check FILE… [--board B] [--strategy S] [--image IMG | --image-size N] [--json]
// Reads devicetree sources, pm_static.yml and board.json maps and checks them with the boot core's
// arithmetic before anything is flashed (tools/layout/layout_check.hpp).
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "tools/command.hpp"
#include "tools/layout/image_size.hpp"
#include "tools/layout/layout_check.hpp"
#include "tools/layout/layout_files.hpp"
#include "tools/layout/layout_render.hpp"
#include "tools/layout/number.hpp"
#include "tools/output.hpp"

namespace norboot::tools::cmd_layout {
namespace {

namespace lt = norboot::tools::layout;

struct CheckArgs {
  std::vector<std::string> files;
  std::vector<std::string> include_dirs;
  std::string board;
  std::string strategy;
  std::string image;
  std::string image_size;
  uint32_t max_align = 0;
  bool json = false;
  bool quiet = false;
};

int report_read_error(const lt::ReadError& e, bool json) {
  return report_message(e.describe(), json, e.io ? kExitIo : kExitRefused, e.hint);
}

std::string board_list() {
  std::string s;
  for (const sim::BoardSpec& b : sim::kBoards) s += (s.empty() ? "" : ", ") + std::string(b.name);
  return s;
}

/// Turns the flags into check options; an error message (exit 1) when a value is not valid.
std::optional<std::string> options_from(const CheckArgs& a, lt::CheckOptions& o) {
  if (!a.board.empty()) {
    for (const sim::BoardSpec& b : sim::kBoards) {
      if (b.name == a.board) o.board = &b;
    }
    if (o.board == nullptr) return "unknown board \"" + a.board + "\"; known: " + board_list();
  }
  if (!a.strategy.empty()) {
    o.strategy = boot::parse_strategy(a.strategy);
    if (!o.strategy) return "unknown strategy \"" + a.strategy + "\"; known: overwrite, swap-scratch, swap-move, swap-offset, swap-pipeline";
  }
  if (a.max_align != 0) o.max_align = a.max_align;
  if (!a.image_size.empty()) {
    auto n = lt::parse_number(a.image_size);
    if (!n || *n == 0) return "--image-size \"" + a.image_size + "\" is not a positive number";
    o.image = lt::ImageInput{*n, "the image", "--image-size"};
  }
  return std::nullopt;
}

int run_check(const CheckArgs& a) {
  lt::CheckOptions opt;
  if (auto bad = options_from(a, opt)) return report_message(*bad, a.json, kExitRefused);
  if (!a.image.empty()) {
    auto img = lt::measure_image(a.image);
    if (!img) return report_read_error(img.error(), a.json);
    opt.image = *img;
  }
  auto layouts = lt::read_layout_files({a.files, a.include_dirs, opt.board});
  if (!layouts) return report_read_error(layouts.error(), a.json);
  const lt::CheckReport r = lt::check_layouts(std::move(*layouts), opt);
  if (a.json) {
    print_json(lt::render_report_json(r));
  } else {
    std::fputs(lt::render_report_text(r).c_str(), stdout);
    std::fflush(stdout);
    std::fputs(lt::render_findings_text(r.findings, !a.quiet).c_str(), stderr);
  }
  return r.refused() ? kExitRefused : kExitOk;
}

void add_check(CLI::App& layout) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* c = layout.add_subcommand("check", "Check partition maps (devicetree, pm_static.yml, board.json) before flashing");
  c->add_option("files", args->files, "Layout files: .dts/.overlay (compiled together), pm_static.yml, board.json")->required();
  c->add_option("--board", args->board, "Board preset: chip geometry, and base nodes for overlay fragments (" + board_list() + ")");
  c->add_option("--strategy", args->strategy, "Upgrade strategy to judge (default: the board's)");
  auto* img = c->add_option("--image", args->image, "Image file that must fit the primary slot");
  auto* size = c->add_option("--image-size", args->image_size, "Image size in bytes (instead of --image)");
  img->excludes(size);
  c->add_option("--max-align", args->max_align, "Trailer max-align (8, 16 or 32; default 8)");
  c->add_option("-I,--include-dir", args->include_dirs, "Include directory for devicetree #include");
  c->add_flag("--json", args->json, "One JSON document on stdout");
  c->add_flag("-q,--quiet", args->quiet, "Leave notes out (errors and warnings only)");
  c->callback(run([args] { return run_check(*args); }));
}

CommandRegistration reg{"layout", [](CLI::App& app) {
                          CLI::App* layout = app.add_subcommand("layout", "Partition maps: check them against the boot core's rules");
                          layout->require_subcommand(1);
                          add_check(*layout);
                        }};

}  // namespace
}  // namespace norboot::tools::cmd_layout
