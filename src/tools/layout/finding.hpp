#pragma once
// Finding: one result of a layout check — error (the layout is refused, exit 1), warning (works,
// but probably not what was meant) or note — with the place to fix it and, where it helps, a hint.
#include <string>
#include <string_view>
#include <vector>

#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

enum class Severity : uint8_t { kError, kWarning, kNote };
std::string_view severity_name(Severity s);

struct Finding {
  Severity severity = Severity::kError;
  std::string code;     // stable snake_case id for scripts ("image_too_large", "overlap", …)
  std::string message;  // the sentence, with the numbers
  std::string hint;     // what to change, when we can say
  Origin where;         // file and node / entry
};

class Findings {
 public:
  void add(Severity s, std::string code, std::string message, Origin where = {}, std::string hint = {});
  void error(std::string code, std::string message, Origin where = {}, std::string hint = {}) {
    add(Severity::kError, std::move(code), std::move(message), std::move(where), std::move(hint));
  }
  void warning(std::string code, std::string message, Origin where = {}, std::string hint = {}) {
    add(Severity::kWarning, std::move(code), std::move(message), std::move(where), std::move(hint));
  }
  void note(std::string code, std::string message, Origin where = {}, std::string hint = {}) {
    add(Severity::kNote, std::move(code), std::move(message), std::move(where), std::move(hint));
  }
  /// Appends `other`, turning its errors into warnings when `demote` (a map a build ignores).
  void merge(const Findings& other, bool demote, std::string_view why);

  const std::vector<Finding>& all() const { return items_; }
  size_t count(Severity s) const;
  bool has(std::string_view code) const;

 private:
  std::vector<Finding> items_;
};

}  // namespace norboot::tools::layout
