#pragma once
// How `norboot layout check` shows a CheckReport: a map of each device and a table of the five
// strategies on stdout, one line per finding on stderr ("error: file: node: message" + "hint:"),
// or one JSON document (CLI.md: snake_case keys, units in the key, addresses as hex strings).
#include <string>

#include <nlohmann/json.hpp>

#include "tools/layout/layout_check.hpp"

namespace norboot::tools::layout {

std::string render_report_text(const CheckReport& r);
std::string render_findings_text(const Findings& f, bool include_notes = true);
nlohmann::json render_report_json(const CheckReport& r);

/// "4 × 0x4000 + 1 × 0x10000 + 7 × 0x20000" or "128 × 0x1000".
std::string sectors_text(const flash::Geometry& g);
/// "300292" → "293.3 KiB" style size for people.
std::string human_size(uint64_t bytes);

}  // namespace norboot::tools::layout
