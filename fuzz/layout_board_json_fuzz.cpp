// Fuzz target: the board.json reader, then the whole layout check on what it accepted.
// Checks: no crash, hang or sanitizer report on any text; an accepted map has areas that end at
// or below 4 GiB on the internal or external device; a named preset is looked up, an unknown one
// reported; the check finishes and renders as text and JSON.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tools/layout/board_json_reader.hpp"
#include "tools/layout/layout_check.hpp"
#include "tools/layout/layout_render.hpp"

using namespace norboot::tools::layout;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto l = read_board_json(text, "fuzz.json");
  if (!l) {
    if (l.error().message.empty()) std::abort();
    return 0;
  }
  for (const AreaDesc& a : l->areas) {
    if (!fits_32_bits(a.off, a.size)) std::abort();
    if (a.device != kInternal && a.device != kExternal) std::abort();
  }
  const CheckReport r = check_layouts({std::move(*l)}, {});
  (void)render_report_text(r);
  (void)render_findings_text(r.findings);
  (void)render_report_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);  // as print_json
  return 0;
}
