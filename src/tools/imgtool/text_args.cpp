#include "tools/imgtool/text_args.hpp"

#include <regex>

#include <fmt/core.h>

namespace norboot::tools::imgtool {

std::expected<uint64_t, std::string> parse_int(const std::string& raw) {
  std::string t;
  for (char c : raw) {
    if (c != '_') t += c;
  }
  int base = 10;
  size_t start = 0;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) base = 16, start = 2;
  else if (t.size() > 2 && t[0] == '0' && (t[1] == 'o' || t[1] == 'O')) base = 8, start = 2;
  else if (t.size() > 2 && t[0] == '0' && (t[1] == 'b' || t[1] == 'B')) base = 2, start = 2;
  else if (t.size() > 1 && t[0] == '0') return std::unexpected(fmt::format("'{}' is not a valid integer (leading zero; use 0x/0o/0b prefixes)", raw));
  if (start == t.size() || t.empty()) return std::unexpected(fmt::format("'{}' is not a valid integer", raw));
  uint64_t v = 0;
  for (size_t i = start; i < t.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
    if (d >= base) return std::unexpected(fmt::format("'{}' is not a valid integer. Please use code literals prefixed with 0b/0B, 0o/0O, or 0x/0X as necessary.", raw));
    if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return std::unexpected(fmt::format("'{}' is too large", raw));
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return v;
}

std::expected<image::Version, std::string> parse_version(const std::string& text) {
  static const std::regex re(R"(^([1-9]\d*|0)(\.([1-9]\d*|0)(\.([1-9]\d*|0)(\+([1-9]\d*|0))?)?)?$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) {
    return std::unexpected(fmt::format("Invalid version number '{}': expected major[.minor[.revision[+build]]] (e.g. 1.2.3+4)", text));
  }
  auto field = [&](int group) -> uint64_t { return m[group].matched && m[group].length() < 19 ? std::stoull(m[group].str()) : (m[group].matched ? UINT64_MAX : 0); };
  const uint64_t major = field(1), minor = field(3), revision = field(5), build = field(7);
  struct Limit {
    const char* name;
    uint64_t value, max;
  };
  for (const Limit& l : {Limit{"major", major, 255}, Limit{"minor", minor, 255}, Limit{"revision", revision, 65535},
                         Limit{"build", build, 0xffffffffu}}) {
    if (l.value > l.max) {
      return std::unexpected(fmt::format("version '{}': {} {} is out of range 0..{}", text, l.name,
                                         l.value == UINT64_MAX ? std::string("(too long)") : std::to_string(l.value), l.max));
    }
  }
  return image::Version{static_cast<uint8_t>(major), static_cast<uint8_t>(minor), static_cast<uint16_t>(revision),
                        static_cast<uint32_t>(build)};
}

std::expected<std::vector<image::Dependency>, std::string> parse_dependencies(const std::string& text) {
  // imgtool: image ids are "(\d+", versions ",\s*([0-9.+]+)\)"; the counts must agree.
  static const std::regex image_re(R"(\((\d+))");
  static const std::regex version_re(R"(,\s*([0-9.+]+)\))");
  std::vector<std::string> ids, versions;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), image_re); it != std::sregex_iterator(); ++it) ids.push_back((*it)[1]);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), version_re); it != std::sregex_iterator(); ++it) versions.push_back((*it)[1]);
  if (ids.empty()) return std::unexpected(fmt::format("Image dependency format is invalid: '{}' (expected \"(<image_ID>,<image_version>), ...\")", text));
  if (ids.size() != versions.size()) {
    return std::unexpected(fmt::format("dependencies '{}': {} image ids but {} versions", text, ids.size(), versions.size()));
  }
  std::vector<image::Dependency> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto v = parse_version(versions[i]);
    if (!v) return std::unexpected(v.error());
    if (ids[i].size() > 3 || std::stoul(ids[i]) > 255) {
      return std::unexpected(fmt::format("dependency image id {} is out of range 0..255", ids[i]));
    }
    out.push_back({static_cast<uint8_t>(std::stoul(ids[i])), *v});
  }
  return out;
}

std::expected<std::vector<std::byte>, std::string> parse_custom_tlv_value(const std::string& text) {
  std::vector<std::byte> out;
  if (text.starts_with("0x")) {
    const std::string hex = text.substr(2);
    if (hex.size() % 2 != 0) return std::unexpected(fmt::format("Custom TLV length is odd: '{}'", text));
    for (size_t i = 0; i < hex.size(); i += 2) {
      if (!std::isxdigit(static_cast<unsigned char>(hex[i])) || !std::isxdigit(static_cast<unsigned char>(hex[i + 1]))) {
        return std::unexpected(fmt::format("custom TLV value '{}' is not hex at character {}", text, i + 2));
      }
      out.push_back(std::byte(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
  }
  for (char c : text) out.push_back(std::byte(static_cast<unsigned char>(c)));
  return out;
}

std::string format_version(const image::Version& v) {
  return fmt::format("{}.{}.{}+{}", v.major, v.minor, v.revision, v.build);
}

}  // namespace norboot::tools::imgtool
