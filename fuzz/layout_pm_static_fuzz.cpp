// Fuzz target: the pm_static.yml reader, then the whole layout check on what it accepted.
// Checks: no crash, hang or sanitizer report on any text; an accepted map has areas that end at
// or below 4 GiB and whose device is internal or external; the check of an accepted map (on the
// motivating board, so every strategy is planned) finishes and renders as text and JSON.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tools/layout/layout_check.hpp"
#include "tools/layout/layout_render.hpp"
#include "tools/layout/pm_static_reader.hpp"

using namespace norboot::tools::layout;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // pm_static.yml files are a few KiB
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto l = read_pm_static(text, "fuzz.yml");
  if (!l) {
    if (l.error().message.empty()) std::abort();  // every refusal says why
    return 0;
  }
  for (const AreaDesc& a : l->areas) {
    if (!fits_32_bits(a.off, a.size)) std::abort();
    if (a.device != kInternal && a.device != kExternal) std::abort();
  }
  CheckOptions opt;
  opt.board = &norboot::sim::kBoards[0];
  const CheckReport r = check_layouts({std::move(*l)}, opt);
  (void)render_report_text(r);
  (void)render_findings_text(r.findings);
  (void)render_report_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);  // as print_json
  return 0;
}
