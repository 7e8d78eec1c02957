#pragma once
// Host-side boot log: keeps every boot event with owned strings, and renders it for a person
// (one line per event, board-clock timestamps) or for tools (--json).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "boot/boot_log.hpp"

namespace norboot::sim {

struct BootLogEntry {
  boot::Event kind;
  core::Level level;
  std::string slot;
  std::string message;
  std::string phase;
  double at_s = 0;
  double duration_s = 0;
  bool has_error = false;
  core::Error error{};
  std::string error_text;
};

class BootLogRecord final : public boot::BootLog {
 public:
  void event(const boot::BootEvent& e) override;
  const std::vector<BootLogEntry>& entries() const { return entries_; }
  void clear() { entries_.clear(); }
  /// Optional live echo (the virtual board prints as it boots).
  void set_echo(bool on) { echo_ = on; }

 private:
  std::vector<BootLogEntry> entries_;
  bool echo_ = false;
};

std::string render_line(const BootLogEntry& e);
std::string render_text(const std::vector<BootLogEntry>& entries);
nlohmann::json render_json(const std::vector<BootLogEntry>& entries);

}  // namespace norboot::sim
