#pragma once
// `norboot inspect` output: a report for people (stdout) or one JSON document (--json).
#include <string>

#include <nlohmann/json.hpp>

#include "tools/inspect/inspect_report.hpp"

namespace norboot::tools::inspect {

std::string render_inspect_text(const InspectReport& r);
nlohmann::json render_inspect_json(const InspectReport& r);

}  // namespace norboot::tools::inspect
