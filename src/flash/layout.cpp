#include "flash/layout.hpp"

namespace norboot::flash {

using core::Errc;
using core::fail;

Status Layout::add(const Area& a) {
  if (find(a.name) != nullptr) return fail(Errc::kInvalidArgument, "area name already in layout");
  if (count_ == areas_.size()) return fail(Errc::kNoSpace, "layout holds no more areas");
  areas_[count_++] = a;
  return core::ok();
}

const Area* Layout::find(std::string_view name) const {
  for (size_t i = 0; i < count_; ++i) {
    if (name == areas_[i].name) return &areas_[i];
  }
  return nullptr;
}

Result<Area> Layout::get(std::string_view name) const {
  if (const Area* a = find(name)) return *a;
  return fail(Errc::kNotFound, "area missing from layout");
}

}  // namespace norboot::flash
