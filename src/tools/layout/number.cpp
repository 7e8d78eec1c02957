#include "tools/layout/number.hpp"

#include <array>
#include <charconv>

namespace norboot::tools::layout {
namespace {

struct Suffix {
  std::string_view text;
  uint64_t scale;
};
// Longest first, so "KiB" is tried before "K".
constexpr std::array<Suffix, 6> kSuffixes{{{"KiB", 1024}, {"MiB", 1024 * 1024}, {"KB", 1024}, {"MB", 1024 * 1024},
                                           {"K", 1024}, {"M", 1024 * 1024}}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<uint64_t> parse_number(std::string_view text) {
  std::string_view s = trim(text);
  uint64_t scale = 1;
  for (const Suffix& suf : kSuffixes) {
    if (s.size() > suf.text.size() && s.ends_with(suf.text)) {
      scale = suf.scale;
      s.remove_suffix(suf.text.size());
      break;
    }
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty() || s[0] == '+' || s[0] == '-') return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  if (v > UINT64_MAX / scale) return std::nullopt;
  return v * scale;
}

}  // namespace norboot::tools::layout
