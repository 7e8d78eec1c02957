#include "tools/output.hpp"

#include <cstdio>

#include <fmt/core.h>

#include "tools/command.hpp"

namespace norboot::tools {

std::string describe(const core::Error& e) {
  char buf[256];
  core::format_error(e, buf);
  return buf;
}

std::string hex32(uint32_t v) { return fmt::format("0x{:08x}", v); }

int exit_for(const core::Error& e) {
  switch (e.code) {
    case core::Errc::kIo:
    case core::Errc::kTimeout:
    case core::Errc::kPowerLost:
      return kExitIo;
    default:
      return kExitRefused;
  }
}

int report_error(const core::Error& e, bool json, std::string_view hint) {
  if (json) {
    nlohmann::json err{{"code", std::string(core::errc_name(e.code))}, {"message", describe(e)}};
    err["device"] = e.device[0] ? nlohmann::json(e.device) : nlohmann::json(nullptr);
    err["offset"] = e.offset != core::Error::kNoOffset ? nlohmann::json(hex32(e.offset)) : nlohmann::json(nullptr);
    if (!hint.empty()) err["hint"] = std::string(hint);
    print_json({{"error", err}});
  } else {
    std::fprintf(stderr, "error: %s\n", describe(e).c_str());
    if (!hint.empty()) std::fprintf(stderr, "hint: %.*s\n", static_cast<int>(hint.size()), hint.data());
  }
  return exit_for(e);
}

int report_message(std::string_view message, bool json, int code, std::string_view hint) {
  if (json) {
    nlohmann::json err{{"code", code == kExitIo ? "io" : "refused"}, {"message", std::string(message)},
                       {"device", nullptr}, {"offset", nullptr}};
    if (!hint.empty()) err["hint"] = std::string(hint);
    print_json({{"error", err}});
  } else {
    std::fprintf(stderr, "error: %.*s\n", static_cast<int>(message.size()), message.data());
    if (!hint.empty()) std::fprintf(stderr, "hint: %.*s\n", static_cast<int>(hint.size()), hint.data());
  }
  return code;
}

// Names and messages can quote user files; bytes that are not UTF-8 print as U+FFFD rather than
// throwing in the middle of a report.
void print_json(const nlohmann::json& doc) {
  std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

}  // namespace norboot::tools
