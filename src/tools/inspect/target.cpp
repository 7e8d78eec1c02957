#include "tools/inspect/target.hpp"

#include <filesystem>

#include <fmt/core.h>

#include "tools/layout/board_json_reader.hpp"
#include "tools/layout/devices.hpp"
#include "tools/layout/layout_check.hpp"
#include "tools/layout/layout_files.hpp"

namespace norboot::tools::inspect {
namespace fs = std::filesystem;
namespace {

using layout::LayoutDesc;
using layout::ReadError;
using layout::ReadResult;

ReadError refused(std::string file, std::string message, std::string hint = {}) {
  return ReadError{std::move(file), "", 0, 0, std::move(message), std::move(hint), false};
}

const sim::BoardSpec* preset(std::string_view name) {
  for (const sim::BoardSpec& b : sim::kBoards) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

std::string preset_names() {
  std::string s;
  for (const sim::BoardSpec& b : sim::kBoards) s += (s.empty() ? "" : ", ") + std::string(b.name);
  return s;
}

/// The state directory's board.json, when there is one.
ReadResult<std::optional<LayoutDesc>> state_board(const TargetArgs& a) {
  if (a.state_dir.empty()) return std::optional<LayoutDesc>{};
  const std::string path = (fs::path(a.state_dir) / "board.json").string();
  auto text = layout::read_text_file(path);
  if (!text) return std::unexpected(text.error());
  auto l = layout::read_board_json(*text, path);
  if (!l) return std::unexpected(l.error());
  return std::optional<LayoutDesc>{std::move(*l)};
}

ReadResult<DeviceDump> load_device(const std::string& path, std::string_view id, const sim::BoardSpec& b) {
  DeviceDump d;
  d.id = std::string(id);
  const bool internal = id == layout::kInternal;
  d.geometry = internal ? sim::mcu_geometry(b.mcu) : sim::nor_geometry(b.chip);
  d.name = internal ? fmt::format("{} internal flash", layout::mcu_name(b.mcu)) : std::string(sim::chip_name(b.chip));
  auto dump = load_dump(path, d.geometry, fmt::format("{} flash ({}, 0x{:x} bytes)", id, d.name, d.geometry.size));
  if (!dump) return std::unexpected(dump.error());
  d.dump = std::move(*dump);
  return d;
}

/// The map: --layout files (checked as `layout check` would), else the state's board.json, else
/// the preset's default.
ReadResult<bool> choose_layout(const TargetArgs& a, const sim::BoardSpec& b, std::optional<LayoutDesc> state, InspectTarget& t) {
  std::vector<LayoutDesc> maps;
  if (!a.layout_files.empty()) {
    auto read = layout::read_layout_files({a.layout_files, a.include_dirs, &b});
    if (!read) return std::unexpected(read.error());
    maps = std::move(*read);
  } else if (state && !state->areas.empty()) {
    maps.push_back(std::move(*state));
  } else {
    maps.push_back(layout::preset_layout(b));
  }
  layout::CheckOptions opt;
  opt.board = &b;
  if (!a.strategy.empty()) opt.strategy = boot::parse_strategy(a.strategy);
  if (a.max_align != 0) opt.max_align = a.max_align;
  layout::CheckReport r = layout::check_layouts(std::move(maps), opt);
  for (const layout::Finding& f : r.findings.all()) {
    if (f.severity == layout::Severity::kNote) continue;
    if (f.code == "missing_area" && f.severity == layout::Severity::kError) return std::unexpected(refused(f.where.file, f.message, f.hint));
    if (f.code == "outside_device" || f.code == "device_unknown") return std::unexpected(refused(f.where.file, f.message, f.hint));
    t.findings.add(f.severity, f.code, f.message, f.where, f.hint);
  }
  t.layout = r.effective();
  t.layout_from = t.layout.file;
  t.config.strategy = r.strategy;
  t.strategy_from = r.strategy_from;
  t.config.max_align = r.max_align;
  return true;
}

}  // namespace

ReadResult<InspectTarget> load_target(const TargetArgs& a) {
  auto state = state_board(a);
  if (!state) return std::unexpected(state.error());
  std::string board_name = a.board;
  if (board_name.empty() && *state && (*state)->board) board_name = *(*state)->board;
  if (board_name.empty()) return std::unexpected(refused(a.state_dir, "no board preset given", "pass --board " + preset_names()));
  const sim::BoardSpec* b = preset(board_name);
  if (b == nullptr) return std::unexpected(refused("", fmt::format("unknown board \"{}\"; known: {}", board_name, preset_names())));
  if (!a.strategy.empty() && !boot::parse_strategy(a.strategy)) {
    return std::unexpected(refused("", fmt::format("unknown strategy \"{}\"", a.strategy)));
  }
  InspectTarget t;
  t.board = board_name;
  const std::string int_path = a.state_dir.empty() ? a.internal_file : (fs::path(a.state_dir) / "internal.bin").string();
  const std::string ext_path = a.state_dir.empty() ? a.external_file : (fs::path(a.state_dir) / "external.bin").string();
  auto in = load_device(int_path, layout::kInternal, *b);
  if (!in) return std::unexpected(in.error());
  auto ex = load_device(ext_path, layout::kExternal, *b);
  if (!ex) return std::unexpected(ex.error());
  t.internal = std::move(*in);
  t.external = std::move(*ex);
  auto chosen = choose_layout(a, *b, std::move(*state), t);
  if (!chosen) return std::unexpected(chosen.error());
  return t;
}

}  // namespace norboot::tools::inspect
