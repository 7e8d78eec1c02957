// norboot inspect (--state DIR | --internal F --external F --board B) [--layout FILE…] [-k KEY…]
//                 [--strategy S] [--json] [--svg FILE]
// Explains a pair of flash dumps: what each slot holds, the trailers, an interrupted swap's
// progress, and what the next boot will do and why (tools/inspect/inspect_report.hpp).
#include <cstdio>
#include <fstream>
#include <memory>

#include <CLI/CLI.hpp>

#include "tools/command.hpp"
#include "tools/inspect/flash_map.hpp"
#include "tools/inspect/image_support.hpp"
#include "tools/inspect/inspect_render.hpp"
#include "tools/output.hpp"

namespace norboot::tools::cmd_inspect {
namespace {

namespace in = norboot::tools::inspect;

struct InspectArgs {
  in::TargetArgs target;
  std::vector<std::string> keys;
  std::string svg;
  bool json = false;
};

int run_inspect(const InspectArgs& a) {
  if (a.target.state_dir.empty() && (a.target.internal_file.empty() || a.target.external_file.empty() || a.target.board.empty())) {
    return report_message("give --state DIR, or all of --internal FILE --external FILE --board NAME", a.json, kExitUsage);
  }
  std::string key_error;
  auto images = in::make_image_support(a.keys, key_error);
  if (!images) return report_message(key_error, a.json, kExitRefused);
  auto target = in::load_target(a.target);
  if (!target) return report_message(target.error().describe(), a.json, target.error().io ? kExitIo : kExitRefused, target.error().hint);
  const in::InspectReport r = in::analyze(*target, *images);
  if (!a.svg.empty()) {
    std::ofstream svg(a.svg);
    svg << in::flash_map_svg(r);
    if (!svg) return report_message("cannot write " + a.svg, a.json, kExitIo);
  }
  if (a.json) {
    print_json(in::render_inspect_json(r));
  } else {
    std::fputs(in::render_inspect_text(r).c_str(), stdout);
    for (const layout::Finding& f : target->findings.all()) {
      std::fprintf(stderr, "%s: layout: %s\n", std::string(layout::severity_name(f.severity)).c_str(), f.message.c_str());
    }
  }
  return kExitOk;
}

CommandRegistration reg{"inspect", [](CLI::App& app) {
                          auto a = std::make_shared<InspectArgs>();
                          CLI::App* c = app.add_subcommand(
                              "inspect", "Explain flash dumps: slot contents, trailers, swap progress, what the next boot will do");
                          auto* state = c->add_option("--state", a->target.state_dir, "State directory (board.json, internal.bin, external.bin)");
                          auto* internal = c->add_option("--internal", a->target.internal_file, "Internal flash dump (raw or Intel HEX)");
                          auto* external = c->add_option("--external", a->target.external_file, "External flash dump (raw or Intel HEX)");
                          c->add_option("--board", a->target.board, "Board preset (geometry and default map)");
                          state->excludes(internal)->excludes(external);
                          c->add_option("--layout", a->target.layout_files, "Partition map files (.dts/.overlay, pm_static.yml, board.json)");
                          c->add_option("-I,--include-dir", a->target.include_dirs, "Include directory for devicetree #include");
                          c->add_option("-k,--key", a->keys, "Trusted public key (PEM) for signature checks");
                          c->add_option("--strategy", a->target.strategy, "Strategy the bootloader runs (default: the board's)");
                          c->add_option("--max-align", a->target.max_align, "Trailer max-align (8, 16 or 32)");
                          c->add_option("--svg", a->svg, "Also write the flash map as an SVG file");
                          c->add_flag("--json", a->json, "One JSON document on stdout");
                          c->callback(run([a] { return run_inspect(*a); }));
                        }};

}  // namespace
}  // namespace norboot::tools::cmd_inspect
