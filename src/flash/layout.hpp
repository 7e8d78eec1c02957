#pragma once
// Layout: the named areas of a board ("boot", "primary", "secondary", "scratch", …). Fixed
// capacity, no heap: a bootloader holds one for its whole life.
#include <array>
#include <cstddef>
#include <string_view>

#include "flash/area.hpp"

namespace norboot::flash {

inline constexpr std::string_view kAreaBoot = "boot";
inline constexpr std::string_view kAreaPrimary = "primary";
inline constexpr std::string_view kAreaSecondary = "secondary";
inline constexpr std::string_view kAreaScratch = "scratch";

class Layout {
 public:
  static constexpr size_t kMaxAreas = 12;

  /// Adds an area; kNoSpace when full, kInvalidArgument when the name is taken.
  Status add(const Area& a);
  /// The area with that name, or nullptr.
  const Area* find(std::string_view name) const;
  /// Like find() but an error naming the missing area.
  Result<Area> get(std::string_view name) const;

  std::span<const Area> areas() const { return {areas_.data(), count_}; }

 private:
  std::array<Area, kMaxAreas> areas_{};
  size_t count_ = 0;
};

}  // namespace norboot::flash
