#include "tools/sim_support.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "tools/command.hpp"
#include "tools/imgtool/image_builder.hpp"
#include "tools/output.hpp"

namespace norboot::tools {

CLI::App* sim_command(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App* a) { return a->get_name() == "sim"; })) return sub;
  CLI::App* sim = app.add_subcommand("sim", "The virtual board: create, load images, boot, torture");
  sim->require_subcommand(1);
  return sim;
}

int report_state_error(const sim::StateError& e, bool json) {
  return report_message(e.message, json, e.io ? kExitIo : kExitRefused,
                        e.io ? "" : "create a board with: norboot sim new --board NAME --state DIR");
}

std::optional<std::string> parse_strategy_flag(const std::string& text, boot::Strategy& out) {
  if (auto s = boot::parse_strategy(text)) {
    out = *s;
    return std::nullopt;
  }
  std::string known;
  for (const auto& i : boot::kStrategyTable) known += (known.empty() ? "" : ", ") + std::string(i.name);
  return "unknown strategy \"" + text + "\"; known: " + known;
}

std::optional<std::string> find_board_flag(const std::string& name, sim::BoardSpec& out) {
  if (auto b = sim::find_board(name)) {
    out = *b;
    return std::nullopt;
  }
  std::string known;
  for (const auto& b : sim::kBoards) known += (known.empty() ? "" : ", ") + std::string(b.name);
  return "unknown board \"" + name + "\"; known: " + known;
}

std::vector<std::byte> make_test_image(uint32_t payload, const image::Version& v, uint8_t seed) {
  imgtool::SignRequest r;
  r.payload.resize(payload);
  uint32_t x = 0x9E3779B9u * (seed + 1u);
  for (std::byte& b : r.payload) {
    x = x * 1664525u + 1013904223u;  // seeded filler: every image of a run differs from the others
    b = std::byte(static_cast<uint8_t>(x >> 24));
  }
  r.header_size = 0x200;
  r.pad_header = true;
  r.version = v;
  auto img = imgtool::build_image(r);
  if (!img) throw std::runtime_error("cannot build a test image: " + img.error());
  return img->bytes;
}

std::string version_text(const image::Version& v) {
  return fmt::format("{}.{}.{}+{}", v.major, v.minor, v.revision, v.build);
}

std::string version_text(const boot::Version& v) {
  return fmt::format("{}.{}.{}+{}", v.major, v.minor, v.revision, v.build);
}

namespace {
std::string hash_hex(const boot::ImageSummary& s) {
  std::string h;
  for (uint8_t i = 0; i < s.hash_len; ++i) h += fmt::format("{:02x}", std::to_integer<unsigned>(s.hash[i]));
  return h;
}
}  // namespace

std::string running_text(const boot::BootResult& r) {
  if (!r.bootable) return "no bootable image: the board stays in the bootloader";
  return fmt::format("running: version {}, {} bytes, sha256 {}", version_text(r.image.version), r.image.size,
                     hash_hex(r.image));
}

nlohmann::json running_json(const boot::BootResult& r) {
  if (!r.bootable) return nullptr;
  return {{"version", version_text(r.image.version)}, {"size_bytes", r.image.size}, {"hash", hash_hex(r.image)}};
}

sim::BootSettings boot_settings(sim::BoardState& st) {
  sim::BootSettings s;
  s.strategy = st.strategy;
  s.max_align = st.max_align;
  s.trusted_keys = st.trusted_keys;
  s.security_counter = &st.security_counter;
  return s;
}

}  // namespace norboot::tools
