#include "sim/state_dir.hpp"

#include <fstream>
#include <iterator>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace norboot::sim {

// Propagates a StateResult error from the enclosing function (host code; GNU statement expression).
#define NB_STATE_TRY(expr)                                   \
  ({                                                         \
    auto nb_state_r_ = (expr);                               \
    if (!nb_state_r_) return std::unexpected(nb_state_r_.error()); \
    *std::move(nb_state_r_);                                 \
  })

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::unexpected<StateError> bad(std::string msg, bool io = false) { return std::unexpected(StateError{std::move(msg), io}); }

StateResult<std::vector<std::byte>> read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return bad(fmt::format("{}: cannot open", p.string()), true);
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  if (!raw.empty()) std::memcpy(out.data(), raw.data(), raw.size());  // an empty vector's data() may be null
  return out;
}

StateResult<void> write_atomic(const fs::path& p, std::span<const std::byte> data) {
  const fs::path tmp = p.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return bad(fmt::format("{}: cannot write", tmp.string()), true);
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!f) return bad(fmt::format("{}: write failed", tmp.string()), true);
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) return bad(fmt::format("{}: {}", p.string(), ec.message()), true);
  return {};
}

StateResult<void> write_text(const fs::path& p, const std::string& text) {
  return write_atomic(p, std::as_bytes(std::span(text.data(), text.size())));
}

std::string hex(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x}", std::to_integer<unsigned>(x));
  return s;
}

StateResult<std::vector<std::byte>> unhex(const std::string& s, const std::string& where) {
  if (s.size() % 2 != 0) return bad(fmt::format("{}: odd number of hex digits", where));
  std::vector<std::byte> out;
  for (size_t i = 0; i < s.size(); i += 2) {
    unsigned v = 0;
    if (std::sscanf(s.c_str() + i, "%2x", &v) != 1) return bad(fmt::format("{}: '{}' is not hex", where, s.substr(i, 2)));
    out.push_back(std::byte(v));
  }
  return out;
}

std::string device_key(DeviceId d) { return d == DeviceId::kInternal ? "internal" : "external"; }

json board_json(const BoardState& st) {
  json j{{"format", "norboot-board/1"},
         {"board", std::string(st.board->spec().name)},
         {"strategy", std::string(boot::strategy_name(st.strategy))},
         {"max_align", st.max_align},
         {"security_counter", st.security_counter},
         {"clock_ns", st.board->clock().now_ns()}};
  json layout = json::array();
  for (const BoardArea& a : st.board->layout()) {
    layout.push_back({{"name", a.name}, {"device", device_key(a.device)}, {"offset", fmt::format("0x{:x}", a.off)},
                      {"size", fmt::format("0x{:x}", a.size)}});
  }
  j["layout"] = layout;
  json keys = json::array();
  for (const auto& k : st.trusted_keys) keys.push_back(hex(k));
  j["trusted_keys"] = keys;
  return j;
}

}  // namespace

namespace {

StateResult<uint32_t> number_field(const json& v, const std::string& where) {
  if (v.is_number_unsigned() && v.get<uint64_t>() <= UINT32_MAX) return static_cast<uint32_t>(v.get<uint64_t>());
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    errno = 0;
    const unsigned long long n = std::strtoull(s.c_str(), &end, 0);
    if (!s.empty() && end && *end == '\0' && errno == 0 && n <= UINT32_MAX) return static_cast<uint32_t>(n);
  }
  return bad(fmt::format("{}: {} is not a number that fits 32 bits", where, v.dump()));
}

StateResult<std::vector<BoardArea>> parse_layout(const json& j, const std::string& file) {
  if (!j.is_array()) return bad(file + ": \"layout\" must be an array of {name, device, offset, size}");
  std::vector<BoardArea> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = fmt::format("{}: layout[{}]", file, i);
    const json& a = j[i];
    if (!a.is_object() || !a.contains("name") || !a["name"].is_string()) return bad(where + ": needs a \"name\" string");
    BoardArea area;
    area.name = a["name"].get<std::string>();
    const std::string dev = a.value("device", "");
    if (dev != "internal" && dev != "external") return bad(fmt::format("{} ({}): device '{}' is neither internal nor external", where, area.name, dev));
    area.device = dev == "internal" ? DeviceId::kInternal : DeviceId::kExternal;
    if (!a.contains("offset") || !a.contains("size")) return bad(fmt::format("{} ({}): needs offset and size", where, area.name));
    area.off = NB_STATE_TRY(number_field(a["offset"], where + ".offset"));
    area.size = NB_STATE_TRY(number_field(a["size"], where + ".size"));
    out.push_back(std::move(area));
  }
  return out;
}

}  // namespace

namespace {

StateResult<void> load_cells(BoardState& st, const fs::path& dir) {
  Board& b = *st.board;
  auto internal = NB_STATE_TRY(read_bytes(dir / "internal.bin"));
  const size_t int_size = b.mcu_model().bytes().size();
  if (internal.size() != int_size) {
    return bad(fmt::format("{}: {} bytes, but {} has {} bytes of internal flash", (dir / "internal.bin").string(), internal.size(),
                           b.spec().name, int_size));
  }
  McuFlashModel::Snapshot snap = b.mcu_model().snapshot();
  snap.cells = std::move(internal);
  if (fs::exists(dir / "internal.nwrite")) {
    auto counts = NB_STATE_TRY(read_bytes(dir / "internal.nwrite"));
    if (counts.size() != snap.write_counts.size()) return bad((dir / "internal.nwrite").string() + ": size does not match the part");
    if (!counts.empty()) std::memcpy(snap.write_counts.data(), counts.data(), counts.size());
  } else {
    std::fill(snap.write_counts.begin(), snap.write_counts.end(), 0);
  }
  b.mcu_model().restore(snap);
  auto external = NB_STATE_TRY(read_bytes(dir / "external.bin"));
  const size_t ext_size = b.chip().bytes().size();
  if (external.size() != ext_size) {
    return bad(fmt::format("{}: {} bytes, but the {} holds {} bytes", (dir / "external.bin").string(), external.size(),
                           chip_name(b.spec().chip), ext_size));
  }
  b.chip().restore(external);
  return {};
}

StateResult<void> load_settings(BoardState& st, const json& j, const std::string& file) {
  if (j.contains("strategy")) {
    auto s = boot::parse_strategy(j["strategy"].is_string() ? j["strategy"].get<std::string>() : "");
    if (!s) return bad(fmt::format("{}: unknown strategy {}", file, j["strategy"].dump()));
    st.strategy = *s;
  }
  if (j.contains("max_align")) st.max_align = NB_STATE_TRY(number_field(j["max_align"], file + ": max_align"));
  if (j.contains("security_counter")) st.security_counter = NB_STATE_TRY(number_field(j["security_counter"], file + ": security_counter"));
  if (j.contains("trusted_keys")) {
    if (!j["trusted_keys"].is_array()) return bad(file + ": trusted_keys must be an array of hex strings");
    for (const json& k : j["trusted_keys"]) {
      if (!k.is_string()) return bad(file + ": trusted_keys must be an array of hex strings");
      st.trusted_keys.push_back(NB_STATE_TRY(unhex(k.get<std::string>(), file + ": trusted_keys")));
    }
  }
  if (j.contains("layout")) st.board->set_layout(NB_STATE_TRY(parse_layout(j["layout"], file)));
  if (j.contains("clock_ns") && j["clock_ns"].is_number_unsigned()) st.board->clock().advance(j["clock_ns"].get<uint64_t>());
  return {};
}

void load_wear(BoardState& st, const fs::path& p) {
  st.wear_internal.assign(st.board->mcu_model().counters().sector_erases.size(), 0);
  st.wear_external.assign(st.board->chip().counters().sector_erases.size(), 0);
  std::ifstream f(p);
  if (!f) return;
  const json j = json::parse(f, nullptr, false);
  auto take = [&](const char* key, std::vector<uint64_t>& into) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_array() || j[key].size() != into.size()) return;
    for (size_t i = 0; i < into.size(); ++i) into[i] = j[key][i].is_number_unsigned() ? j[key][i].get<uint64_t>() : 0;
  };
  take("internal", st.wear_internal);
  take("external", st.wear_external);
}

}  // namespace

StateResult<BoardState> load_state(const fs::path& dir, const BoardOptions& opt) {
  const fs::path bj = dir / "board.json";
  std::ifstream f(bj);
  if (!f) return bad(fmt::format("{}: no board here (create one with `norboot sim new --board NAME --state {}`)", bj.string(), dir.string()), true);
  const json j = json::parse(f, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad(bj.string() + ": not valid JSON");
  if (!j.contains("board") || !j["board"].is_string()) return bad(bj.string() + ": \"board\" must be a preset name (a string)");
  const std::string name = j["board"].get<std::string>();
  auto spec = find_board(name);
  if (!spec) return bad(fmt::format("{}: unknown board '{}'", bj.string(), name));
  auto board = Board::create(*spec, opt);
  if (!board) return bad(fmt::format("{}: board '{}' cannot be built: {}", bj.string(), name, board.error().what));
  BoardState st;
  st.board = std::move(*board);
  NB_STATE_TRY(load_settings(st, j, bj.string()));
  NB_STATE_TRY(load_cells(st, dir));
  load_wear(st, dir / "wear.json");
  if (auto s = st.board->power_on(); !s) return bad(fmt::format("{}: external chip does not probe after loading: {}", dir.string(), s.error().what));
  st.board->reset_counters();
  return st;
}

StateResult<BoardState> create_state(const fs::path& dir, const std::string& preset, boot::Strategy strategy, bool overwrite,
                                     const BoardOptions& opt) {
  auto spec = find_board(preset);
  if (!spec) {
    std::string names;
    for (const BoardSpec& b : kBoards) names += (names.empty() ? "" : ", ") + std::string(b.name);
    return bad(fmt::format("unknown board '{}' (known: {})", preset, names));
  }
  std::error_code ec;
  if (!overwrite && fs::exists(dir / "board.json", ec)) {
    return bad(fmt::format("{}: already holds a board (use --force to replace it)", dir.string()));
  }
  fs::create_directories(dir, ec);
  if (ec) return bad(fmt::format("{}: {}", dir.string(), ec.message()), true);
  auto board = Board::create(*spec, opt);
  if (!board) return bad(fmt::format("board '{}' cannot be built: {}", preset, board.error().what));
  BoardState st;
  st.board = std::move(*board);
  st.strategy = strategy;
  st.wear_internal.assign(st.board->mcu_model().counters().sector_erases.size(), 0);
  st.wear_external.assign(st.board->chip().counters().sector_erases.size(), 0);
  NB_STATE_TRY(save_state(dir, st));
  return st;
}

StateResult<void> save_state(const fs::path& dir, BoardState& st) {
  Board& b = *st.board;
  NB_STATE_TRY(write_atomic(dir / "internal.bin", b.mcu_model().bytes()));
  NB_STATE_TRY(write_atomic(dir / "external.bin", b.chip().bytes()));
  const auto counts = b.mcu_model().snapshot().write_counts;
  NB_STATE_TRY(write_atomic(dir / "internal.nwrite", std::as_bytes(std::span(counts))));
  auto add = [](std::vector<uint64_t>& total, const std::vector<uint32_t>& run) {
    total.resize(run.size(), 0);
    for (size_t i = 0; i < run.size(); ++i) total[i] += run[i];
  };
  add(st.wear_internal, b.mcu_model().counters().sector_erases);
  add(st.wear_external, b.chip().counters().sector_erases);
  b.reset_counters();  // counted once: a second save must not add them again
  json wear{{"internal", st.wear_internal}, {"external", st.wear_external}};
  NB_STATE_TRY(write_text(dir / "wear.json", wear.dump() + "\n"));
  return write_text(dir / "board.json", board_json(st).dump(2) + "\n");
}

}  // namespace norboot::sim
