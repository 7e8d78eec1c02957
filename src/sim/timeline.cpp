#include "sim/timeline.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

namespace norboot::sim {

void Timeline::add(Interval i) {
  if (!enabled || i.end_ns <= i.start_ns) return;
  // Adjacent intervals of the same kind merge, so a 4 KiB program is one bar, not 1024.
  if (!intervals_.empty()) {
    Interval& last = intervals_.back();
    if (last.lane == i.lane && last.what == i.what && last.end_ns == i.start_ns) {
      last.end_ns = i.end_ns;
      return;
    }
  }
  intervals_.push_back(std::move(i));
}

core::Status TracingMcuHw::program(uint32_t off, std::span<const std::byte> in) {
  const uint64_t t0 = clock_.now_ns();
  core::Status s = inner_.program(off, in);
  if (tl_.enabled) tl_.add({"internal flash", "program", t0, clock_.now_ns()});
  return s;
}

core::Status TracingMcuHw::erase_sector(uint32_t sector_off) {
  const uint64_t t0 = clock_.now_ns();
  core::Status s = inner_.erase_sector(sector_off);
  if (tl_.enabled) tl_.add({"internal flash", "erase", t0, clock_.now_ns()});
  return s;
}

core::Status TracingBus::transfer(const spinor::SpiFrame& frame) {
  const uint64_t t0 = clock_.now_ns();
  core::Status s = inner_.transfer(frame);
  const uint64_t t1 = clock_.now_ns();
  if (!tl_.enabled) return s;
  const uint8_t op = frame.cmd.empty() ? 0 : std::to_integer<uint8_t>(frame.cmd[0]);
  tl_.add({"spi bus", op == 0x05 ? "status poll" : (frame.rx.size() > 8 ? "read" : "command"), t0, t1});
  const uint64_t deadline = chip_.busy_until_ns();
  if (deadline > t1 && deadline != last_deadline_) {
    tl_.add({"external chip", frame.tx.empty() ? "erase" : "program", t1, deadline});
    last_deadline_ = deadline;
  }
  return s;
}

std::string render_svg(const Timeline& tl, const std::string& title) {
  static const std::map<std::string, std::string> kColours = {
      {"erase", "#d9534f"}, {"program", "#337ab7"}, {"read", "#5cb85c"}, {"command", "#999999"},
      {"status poll", "#f0ad4e"}};
  std::vector<std::string> lanes = {"internal flash", "external chip", "spi bus"};
  uint64_t t_min = UINT64_MAX, t_max = 0;
  for (const Interval& i : tl.intervals()) {
    t_min = std::min(t_min, i.start_ns);
    t_max = std::max(t_max, i.end_ns);
  }
  if (t_max <= t_min) t_max = t_min + 1;
  const double width = 1200, lane_h = 40, left = 130;
  const double scale = (width - left - 20) / static_cast<double>(t_max - t_min);
  std::string svg = fmt::format(
      "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' font-family='monospace' font-size='12'>\n"
      "<text x='10' y='18' font-size='14'>{}</text>\n",
      width, 60 + lane_h * lanes.size() + 40, title);
  for (size_t l = 0; l < lanes.size(); ++l) {
    svg += fmt::format("<text x='10' y='{}'>{}</text>\n", 55 + l * lane_h + lane_h / 2, lanes[l]);
  }
  for (const Interval& i : tl.intervals()) {
    const size_t l = std::find(lanes.begin(), lanes.end(), i.lane) - lanes.begin();
    const auto colour = kColours.count(i.what) ? kColours.at(i.what) : std::string("#000");
    svg += fmt::format("<rect x='{:.2f}' y='{}' width='{:.2f}' height='{}' fill='{}'><title>{} {} {:.3f}-{:.3f} ms</title></rect>\n",
                       left + (i.start_ns - t_min) * scale, 40 + l * lane_h, std::max(0.5, (i.end_ns - i.start_ns) * scale),
                       lane_h - 8, colour, i.lane, i.what, (i.start_ns - t_min) / 1e6, (i.end_ns - t_min) / 1e6);
  }
  const double y_axis = 50 + lane_h * lanes.size();
  for (int k = 0; k <= 10; ++k) {
    const double x = left + k * (width - left - 20) / 10;
    svg += fmt::format("<text x='{:.1f}' y='{}'>{:.2f}s</text>\n", x - 10, y_axis + 15,
                       (t_max - t_min) * k / 10.0 / 1e9);
  }
  svg += fmt::format("<text x='{}' y='{}'>erase: red, program: blue, read: green, commands: grey, status polls: orange</text>\n", left,
                     y_axis + 35);
  return svg + "</svg>\n";
}

}  // namespace norboot::sim
