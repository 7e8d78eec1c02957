#include "tools/layout/layout_desc.hpp"

#include <array>

#include <fmt/core.h>

namespace norboot::tools::layout {
namespace {

struct KnownName {
  std::string_view name;
  Role role;
};
constexpr std::array<KnownName, 15> kKnownNames{{
    {"boot", Role::kBoot},           {"primary", Role::kPrimary},           {"secondary", Role::kSecondary},
    {"scratch", Role::kScratch},     {"boot_partition", Role::kBoot},       {"slot0_partition", Role::kPrimary},
    {"slot1_partition", Role::kSecondary}, {"scratch_partition", Role::kScratch}, {"mcuboot", Role::kBoot},
    {"image-0", Role::kPrimary},     {"image-1", Role::kSecondary},         {"image-scratch", Role::kScratch},
    {"mcuboot_primary", Role::kPrimary}, {"mcuboot_secondary", Role::kSecondary}, {"mcuboot_scratch", Role::kScratch},
}};

}  // namespace

Role role_from_name(std::string_view name) {
  for (const KnownName& k : kKnownNames) {
    if (k.name == name) return k.role;
  }
  return Role::kOther;
}

std::string_view role_name(Role r) {
  switch (r) {
    case Role::kBoot: return "boot";
    case Role::kPrimary: return "primary";
    case Role::kSecondary: return "secondary";
    case Role::kScratch: return "scratch";
    case Role::kOther: return "other";
  }
  return "?";
}

std::string_view source_kind_name(SourceKind k) {
  switch (k) {
    case SourceKind::kDevicetree: return "devicetree";
    case SourceKind::kPmStatic: return "pm_static.yml";
    case SourceKind::kBoardJson: return "board.json";
  }
  return "?";
}

std::string Origin::describe() const {
  std::string s = file;
  if (line > 0) s += fmt::format(":{}", line);
  if (!where.empty()) s += (s.empty() ? "" : ": ") + where;
  return s;
}

std::string AreaDesc::display() const { return name; }

const AreaDesc* LayoutDesc::find(Role r) const {
  for (const AreaDesc& a : areas) {
    if (a.role == r) return &a;
  }
  return nullptr;
}

const DeviceDesc* LayoutDesc::device(std::string_view id) const {
  for (const DeviceDesc& d : devices) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

std::string ReadError::describe() const {
  std::string s = file;
  if (line > 0) s += fmt::format(":{}", line);
  if (line > 0 && column > 0) s += fmt::format(":{}", column);
  if (!where.empty()) s += (s.empty() ? "" : ": ") + where;
  return s.empty() ? message : s + ": " + message;
}

}  // namespace norboot::tools::layout
