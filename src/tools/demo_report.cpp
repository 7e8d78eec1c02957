#include "tools/demo_report.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace norboot::tools::demo {
namespace {

/// Sum and maximum of later[i] - earlier[i] (sectors missing from `earlier` count from zero).
void diff(const std::vector<uint64_t>& earlier, const std::vector<uint64_t>& later, uint64_t& sum, uint64_t& most) {
  sum = most = 0;
  for (size_t i = 0; i < later.size(); ++i) {
    const uint64_t before = i < earlier.size() ? earlier[i] : 0;
    const uint64_t d = later[i] > before ? later[i] - before : 0;
    sum += d;
    most = std::max(most, d);
  }
}

std::string rate_text(const Phase& p, double seconds) {
  if (p.bytes == 0 || seconds <= 0) return "-";
  const double bps = static_cast<double>(p.bytes) / seconds;
  return bps >= 1e6 ? fmt::format("{:.1f} MB/s", bps / 1e6) : fmt::format("{:.1f} kB/s", bps / 1e3);
}

}  // namespace

void WearMark::diff_into(const WearMark& later, Phase& p) const {
  diff(internal, later.internal, p.int_erases, p.int_max);
  diff(external, later.external, p.ext_erases, p.ext_max);
}

Chapter report_chapter(const std::vector<Phase>& phases, const WearMark& total) {
  Chapter c{"Report: the update step by step (board time on datasheet timings, host time on this machine)", {}, true};
  c.lines.push_back(fmt::format("  {:<44} {:>9} {:>9} {:>9} {:>12} {:>12}  {:>13} {:>13}", "phase", "board s",
                                "host s", "bytes", "board rate", "host rate", "int erases/max", "ext erases/max"));
  for (const Phase& p : phases) {
    c.lines.push_back(fmt::format("  {:<44} {:>9.3f} {:>9.3f} {:>9} {:>12} {:>12}  {:>9}/{:<3} {:>9}/{:<3}", p.name,
                                  p.virtual_s, p.host_s, p.bytes, rate_text(p, p.virtual_s), rate_text(p, p.host_s),
                                  p.int_erases, p.int_max, p.ext_erases, p.ext_max));
    if (p.one_erase_per_sector) c.ok &= p.int_max <= 1 && p.ext_max <= 1;
  }
  Phase all;
  WearMark{}.diff_into(total, all);
  c.lines.push_back(fmt::format("  whole demo (v1 flashed, two updates, one cut): internal {} erases, at most {} on one "
                                "sector; external {} erases, at most {} on one sector",
                                all.int_erases, all.int_max, all.ext_erases, all.ext_max));
  return c;
}

}  // namespace norboot::tools::demo
