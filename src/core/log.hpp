#pragma once
// LogSink: where device code sends finished lines. The boot core adds structured events on top
// (boot/boot_log.hpp); this is the plain-text floor every module can use without the heap.
#include <string_view>

namespace norboot::core {

enum class Level : uint8_t { kDebug, kInfo, kWarn, kError };

class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void line(Level level, std::string_view text) = 0;
};

/// Discards everything (the default when a caller gives no sink).
class NullSink final : public LogSink {
 public:
  void line(Level, std::string_view) override {}
};

}  // namespace norboot::core
