#include "tools/mcumgr/progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cmath>

namespace norboot::tools::mcumgr {

Progress::Mode Progress::mode_for(std::FILE* out, bool quiet) {
  if (quiet) return Mode::kQuiet;
  return isatty(fileno(out)) ? Mode::kBar : Mode::kLines;
}

Progress::Progress(std::FILE* out, Mode mode, std::string label) : out_(out), mode_(mode), label_(std::move(label)) {}

std::string human_rate(double bytes_per_s) {
  if (bytes_per_s >= 1e6) return fmt::format("{:.2f} MB/s", bytes_per_s / 1e6);
  if (bytes_per_s >= 1e3) return fmt::format("{:.1f} kB/s", bytes_per_s / 1e3);
  return fmt::format("{:.0f} B/s", bytes_per_s);
}

std::string human_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  auto s = static_cast<long>(std::lround(seconds));
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string Progress::render(size_t done, size_t total, double elapsed_s) const {
  double rate = elapsed_s > 0 ? done / elapsed_s : 0;
  double eta = rate > 0 ? (total - done) / rate : NAN;
  int pct = total ? static_cast<int>(done * 100 / total) : 100;
  return fmt::format("{}: {}/{} B {:3}% {} ETA {}", label_, done, total, pct, human_rate(rate), human_duration(eta));
}

void Progress::update(size_t done, size_t total) {
  if (mode_ == Mode::kQuiet) return;
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  if (mode_ == Mode::kLines) {
    int decile = total ? static_cast<int>(done * 10 / total) : 10;
    if (decile == last_decile_) return;
    last_decile_ = decile;
    fmt::print(out_, "{}\n", render(done, total, elapsed));
    std::fflush(out_);
    return;
  }
  if (done < total && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  int filled = total ? static_cast<int>(done * kWidth / total) : kWidth;
  fmt::print(out_, "\r[{}{}] {}", std::string(filled, '#'), std::string(kWidth - filled, ' '), render(done, total, elapsed));
  std::fflush(out_);
}

void Progress::finish() {
  if (mode_ == Mode::kBar && drawn_) fmt::print(out_, "\n");
}

}  // namespace norboot::tools::mcumgr
