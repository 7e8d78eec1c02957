#include "sim/boot_log_record.hpp"

#include <cstdio>

#include <fmt/core.h>

namespace norboot::sim {

namespace {

std::string_view level_name(core::Level l) {
  switch (l) {
    case core::Level::kDebug: return "debug";
    case core::Level::kInfo: return "info";
    case core::Level::kWarn: return "warn";
    case core::Level::kError: return "error";
  }
  return "?";
}

std::string error_text(const core::Error& e) {
  char buf[256];
  core::format_error(e, buf);
  return buf;
}

}  // namespace

void BootLogRecord::event(const boot::BootEvent& e) {
  BootLogEntry x;
  x.kind = e.kind;
  x.level = e.level;
  x.slot = e.slot;
  x.message = std::string(e.message);
  x.phase = std::string(e.phase);
  x.at_s = static_cast<double>(e.at_ns) / 1e9;
  x.duration_s = static_cast<double>(e.duration_ns) / 1e9;
  x.has_error = e.has_error;
  if (e.has_error) {
    x.error = e.error;
    x.error_text = error_text(e.error);
  }
  entries_.push_back(std::move(x));
  if (echo_) std::fprintf(stderr, "%s\n", render_line(entries_.back()).c_str());
}

std::string render_line(const BootLogEntry& e) {
  std::string line = fmt::format("[{:9.6f}] {:<10} ", e.at_s, boot::event_name(e.kind));
  if (e.kind == boot::Event::kPhase) return line + fmt::format("{} took {:.3f} s", e.phase, e.duration_s);
  line += e.message;
  if (e.has_error) line += ": " + e.error_text;
  return line;
}

std::string render_text(const std::vector<BootLogEntry>& entries) {
  std::string out;
  for (const auto& e : entries) out += render_line(e) + "\n";
  return out;
}

nlohmann::json render_json(const std::vector<BootLogEntry>& entries) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json j{{"event", std::string(boot::event_name(e.kind))},
                     {"level", std::string(level_name(e.level))},
                     {"at_s", e.at_s},
                     {"message", e.message}};
    if (!e.slot.empty()) j["slot"] = e.slot;
    if (e.kind == boot::Event::kPhase) {
      j["phase"] = e.phase;
      j["duration_s"] = e.duration_s;
    }
    if (e.has_error) {
      j["error"] = {{"code", std::string(core::errc_name(e.error.code))},
                    {"message", e.error_text},
                    {"device", e.error.device[0] ? nlohmann::json(e.error.device) : nlohmann::json(nullptr)},
                    {"offset", e.error.offset != core::Error::kNoOffset ? nlohmann::json(fmt::format("0x{:08x}", e.error.offset))
                                                                        : nlohmann::json(nullptr)}};
      if (e.error.has_values) {
        j["error"]["expected"] = fmt::format("0x{:x}", e.error.expected);
        j["error"]["found"] = fmt::format("0x{:x}", e.error.found);
      }
    }
    arr.push_back(std::move(j));
  }
  return arr;
}

}  // namespace norboot::sim
