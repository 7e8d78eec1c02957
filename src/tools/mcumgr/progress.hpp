#pragma once
// Upload progress on stderr: a redrawn bar (bytes, %, bytes/s, ETA) when stderr is a terminal,
// a plain line every 10 % otherwise, nothing with --quiet (CLI.md).
#include <chrono>
#include <cstdio>
#include <string>

namespace norboot::tools::mcumgr {

class Progress {
 public:
  enum class Mode { kBar, kLines, kQuiet };
  /// kBar when `out` is a terminal, else kLines; kQuiet when quiet.
  static Mode mode_for(std::FILE* out, bool quiet);

  Progress(std::FILE* out, Mode mode, std::string label);
  void update(size_t done, size_t total);
  /// Ends the bar's line.
  void finish();

 private:
  std::string render(size_t done, size_t total, double elapsed_s) const;

  std::FILE* out_;
  Mode mode_;
  std::string label_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  int last_decile_ = -1;
  bool drawn_ = false;
};

/// "8.1 kB/s" style rates and "1:05" style durations.
std::string human_rate(double bytes_per_s);
std::string human_duration(double seconds);

}  // namespace norboot::tools::mcumgr
