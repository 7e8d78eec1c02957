#include "tools/layout/finding.hpp"

#include <algorithm>

namespace norboot::tools::layout {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "?";
}

void Findings::add(Severity s, std::string code, std::string message, Origin where, std::string hint) {
  items_.push_back({s, std::move(code), std::move(message), std::move(hint), std::move(where)});
}

void Findings::merge(const Findings& other, bool demote, std::string_view why) {
  for (Finding f : other.items_) {
    if (demote && f.severity == Severity::kError) {
      f.severity = Severity::kWarning;
      f.message += " (" + std::string(why) + ")";
    }
    items_.push_back(std::move(f));
  }
}

size_t Findings::count(Severity s) const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [s](const Finding& f) { return f.severity == s; }));
}

bool Findings::has(std::string_view code) const {
  return std::any_of(items_.begin(), items_.end(), [code](const Finding& f) { return f.code == code; });
}

}  // namespace norboot::tools::layout
