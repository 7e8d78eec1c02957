// norboot sim new | load | boot: a persisted virtual board (--state DIR) that images are loaded
// into the way a programmer or an application would write them, and that boots the real
// bootloader on the chip models.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "boot/app_api.hpp"
#include "boot/slot_plan.hpp"
#include "image/header.hpp"
#include "sim/board_target.hpp"
#include "tools/command.hpp"
#include "tools/imgtool/key_file.hpp"
#include "tools/output.hpp"
#include "tools/sim_support.hpp"

namespace norboot::tools::cmd_sim {
namespace {

struct NewArgs {
  std::string board, state, strategy;
  std::vector<std::string> keys;
  uint32_t max_align = 8;
  bool force = false, json = false;
};

int run_new(const NewArgs& a) {
  sim::BoardSpec spec;
  if (auto bad = find_board_flag(a.board, spec)) return report_message(*bad, a.json, kExitRefused);
  boot::Strategy strategy = spec.default_strategy;
  if (!a.strategy.empty()) {
    if (auto bad = parse_strategy_flag(a.strategy, strategy)) return report_message(*bad, a.json, kExitRefused);
  }
  std::vector<std::vector<std::byte>> keys;
  for (const std::string& k : a.keys) {
    auto key = imgtool::load_key_file(k, std::nullopt);
    if (!key) return report_message(k + ": " + key.error().message, a.json, kExitRefused);
    keys.push_back(key->public_bytes());
  }
  auto st = sim::create_state(a.state, a.board, strategy, a.force);
  if (!st) return report_state_error(st.error(), a.json);
  st->max_align = a.max_align;
  st->trusted_keys = std::move(keys);
  if (auto saved = sim::save_state(a.state, *st); !saved) return report_state_error(saved.error(), a.json);
  if (a.json) {
    print_json({{"board", a.board}, {"state", a.state}, {"strategy", boot::strategy_name(strategy)},
                {"trusted_keys", st->trusted_keys.size()}});
  } else {
    std::printf("created %s in %s (strategy %s, %zu trusted key%s)\n", a.board.c_str(), a.state.c_str(),
                std::string(boot::strategy_name(strategy)).c_str(), st->trusted_keys.size(),
                st->trusted_keys.size() == 1 ? "" : "s");
  }
  return kExitOk;
}

struct LoadArgs {
  std::string state, slot, file;
  bool test = false, permanent = false, confirm = false, json = false;
};

std::optional<std::vector<std::byte>> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  if (!raw.empty()) std::memcpy(out.data(), raw.data(), raw.size());
  return out;
}

/// Where an image goes: the primary's start, or the secondary at the strategy's offset; and the
/// largest image the strategy boots.
struct Placement {
  flash::Area slot;
  uint32_t off = 0;
  uint32_t capacity = 0;
};

core::Result<Placement> placement(sim::BoardState& st, const std::string& slot) {
  auto areas = NB_TRY(st.board->boot_areas(st.strategy));
  auto plan = NB_TRY(boot::plan_slots(st.strategy, areas.primary, areas.secondary,
                                      areas.scratch.dev ? &areas.scratch : nullptr, st.max_align));
  if (slot == "primary") return Placement{areas.primary, 0, plan.max_image_size};
  return Placement{areas.secondary, plan.secondary_offset, plan.max_image_size};
}

int run_load(const LoadArgs& a) {
  if (a.slot != "primary" && a.slot != "secondary") {
    return report_message("--slot must be primary or secondary, not \"" + a.slot + "\"", a.json, kExitUsage);
  }
  if ((a.test || a.permanent) && a.slot != "secondary") {
    return report_message("--test/--permanent request an upgrade: they go with --slot secondary", a.json, kExitUsage);
  }
  auto img = read_file(a.file);
  if (!img) return report_message(a.file + ": cannot open", a.json, kExitIo);
  if (img->empty()) return report_message(a.file + ": empty file", a.json, kExitRefused);
  auto st = sim::load_state(a.state);
  if (!st) return report_state_error(st.error(), a.json);
  if (auto on = st->board->power_on(); !on) return report_error(on.error(), a.json);
  auto place = placement(*st, a.slot);
  if (!place) return report_error(place.error(), a.json);
  const uint32_t capacity = place->capacity, off = place->off;
  const flash::Area* slot = &place->slot;
  if (img->size() > capacity) {
    return report_message(fmt::format("{}: {} bytes do not fit the {} slot: {} bytes at most with {} (too large by {})",
                                      a.file, img->size(), a.slot, capacity, boot::strategy_name(st->strategy),
                                      img->size() - capacity),
                          a.json, kExitRefused, "norboot layout check shows the slot sizes each strategy needs");
  }
  const bool is_image = img->size() >= 4 && std::to_integer<uint8_t>((*img)[0]) == 0x3d &&
                        std::to_integer<uint8_t>((*img)[1]) == 0xb8 && std::to_integer<uint8_t>((*img)[2]) == 0xf3 &&
                        std::to_integer<uint8_t>((*img)[3]) == 0x96;
  if (!is_image && !a.json) std::fprintf(stderr, "warning: %s has no MCUboot header magic; the bootloader will refuse it\n", a.file.c_str());
  // A programmer erases the whole slot (trailer included), then writes the image.
  auto status = slot->erase(0, slot->size);
  if (status) status = slot->write(off, sim::pad_to_block(*img, slot->dev->geometry().write_block));
  if (status && (a.test || a.permanent)) {
    status = boot::request_upgrade(*slot, a.permanent ? boot::UpgradeMode::kPermanent : boot::UpgradeMode::kTest, st->max_align);
  }
  if (status && a.confirm) status = boot::confirm(*slot, st->max_align);
  if (!status) return report_error(status.error(), a.json);
  if (auto saved = sim::save_state(a.state, *st); !saved) return report_state_error(saved.error(), a.json);
  const char* req = a.permanent ? "permanent upgrade requested" : a.test ? "test upgrade requested" : a.confirm ? "confirmed" : "no request";
  if (a.json) {
    print_json({{"slot", a.slot}, {"device", slot->dev->name()}, {"offset", hex32(slot->off + off)},
                {"size_bytes", img->size()}, {"request", req}});
  } else {
    std::printf("%s: %zu bytes into the %s slot (%s @0x%06x); %s\n", a.file.c_str(), img->size(), a.slot.c_str(),
                slot->dev->name(), slot->off + off, req);
  }
  return kExitOk;
}

struct BootArgs {
  std::string state, strategy;
  bool json = false;
};

int run_boot(const BootArgs& a) {
  auto st = sim::load_state(a.state);
  if (!st) return report_state_error(st.error(), a.json);
  if (!a.strategy.empty()) {
    if (auto bad = parse_strategy_flag(a.strategy, st->strategy)) return report_message(*bad, a.json, kExitRefused);
  }
  if (auto on = st->board->power_on(); !on) return report_error(on.error(), a.json);
  st->board->reset_counters();
  sim::BootRun run = sim::run_bootloader(*st->board, boot_settings(*st), !a.json);
  if (auto saved = sim::save_state(a.state, *st); !saved) return report_state_error(saved.error(), a.json);
  if (!run.result) return report_error(run.result.error(), a.json);
  const boot::BootResult& r = *run.result;
  if (a.json) {
    print_json({{"bootable", r.bootable}, {"swap", boot::swap_type_name(r.swap)}, {"resumed", r.resumed},
                {"swap_s", r.swap_ns / 1e9}, {"boot_s", r.total_ns / 1e9}, {"running", running_json(r)},
                {"log", sim::render_json(run.log.entries())}});
  } else {
    std::printf("%s\n", running_text(r).c_str());
    if (r.swap_ns) std::printf("swap took %.3f s of board time\n", r.swap_ns / 1e9);
  }
  return r.bootable ? kExitOk : kExitRefused;
}

void add_new(CLI::App& sim) {
  auto a = std::make_shared<NewArgs>();
  CLI::App* c = sim.add_subcommand("new", "Create a board with erased chips in a state directory");
  c->add_option("--board", a->board, "Preset (nrf52833-mx25r3235f, nrf52840dk-mx25r6435f, stm32f4-w25q128jv)")->required();
  c->add_option("--state", a->state, "State directory")->required();
  c->add_option("--strategy", a->strategy, "Upgrade strategy (default: the preset's)");
  c->add_option("--key", a->keys, "Public or private key (PEM) the bootloader trusts; none: hash-only images");
  c->add_option("--max-align", a->max_align, "BOOT_MAX_ALIGN of the trailer (8, 16, 32)")->check(CLI::IsMember({8, 16, 32}));
  c->add_flag("--force", a->force, "Replace a board already in the directory");
  c->add_flag("--json", a->json, "JSON output");
  c->callback(run([a] { return run_new(*a); }));
}

void add_load(CLI::App& sim) {
  auto a = std::make_shared<LoadArgs>();
  CLI::App* c = sim.add_subcommand("load", "Write an image into a slot (and the upgrade request an app would write)");
  c->add_option("--state", a->state, "State directory")->required();
  c->add_option("--slot", a->slot, "primary or secondary")->required();
  c->add_option("image", a->file, "Signed image (binary)")->required();
  auto* t = c->add_flag("--test", a->test, "Request a test upgrade (reverts unless confirmed)");
  c->add_flag("--permanent", a->permanent, "Request a permanent upgrade")->excludes(t);
  c->add_flag("--confirm", a->confirm, "Mark the image confirmed (image_ok)");
  c->add_flag("--json", a->json, "JSON output");
  c->callback(run([a] { return run_load(*a); }));
}

void add_boot(CLI::App& sim) {
  auto a = std::make_shared<BootArgs>();
  CLI::App* c = sim.add_subcommand("boot", "Run the bootloader once on the board; print its log and what runs");
  c->add_option("--state", a->state, "State directory")->required();
  c->add_option("--strategy", a->strategy, "Override the board's strategy for this boot");
  c->add_flag("--json", a->json, "JSON output");
  c->callback(run([a] { return run_boot(*a); }));
}

static CommandRegistration reg{"sim", [](CLI::App& app) {
                                 CLI::App* sim = sim_command(app);
                                 add_new(*sim);
                                 add_load(*sim);
                                 add_boot(*sim);
                               }};

}  // namespace
}  // namespace norboot::tools::cmd_sim
