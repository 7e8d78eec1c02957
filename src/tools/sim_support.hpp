#pragma once
// What the simulator's commands share: opening a --state directory with CLI.md errors, building
// test images the way `imgtool sign` would (hash-only, header 0x200), flag parsing for boards and
// strategies, and the one-line rendering of a boot.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "boot/strategy.hpp"
#include "image/version.hpp"
#include "sim/board_boot.hpp"
#include "sim/state_dir.hpp"
#include "tools/command.hpp"  // declares CLI::App

namespace norboot::tools {

/// The `sim` subcommand, created by whichever command file registers first.
CLI::App* sim_command(CLI::App& app);

/// Prints a state-directory error (CLI.md) and returns its exit code.
int report_state_error(const sim::StateError& e, bool json);

/// Parses a strategy name; an error message listing the known ones otherwise.
std::optional<std::string> parse_strategy_flag(const std::string& text, boot::Strategy& out);
/// The preset named `name`, or an error message listing the presets.
std::optional<std::string> find_board_flag(const std::string& name, sim::BoardSpec& out);

/// A hash-only MCUboot image (header 0x200) with `payload` bytes of seeded data, as
/// `imgtool sign --version V --header-size 0x200 --pad-header` builds it.
std::vector<std::byte> make_test_image(uint32_t payload, const image::Version& v, uint8_t seed);

/// "1.2.3+4"
std::string version_text(const image::Version& v);
std::string version_text(const boot::Version& v);
/// The running image after a boot: version and hash (hex), or why nothing boots.
std::string running_text(const boot::BootResult& r);
nlohmann::json running_json(const boot::BootResult& r);

/// Boot settings from a loaded state (strategy, align, keys, security counter).
sim::BootSettings boot_settings(sim::BoardState& st);

}  // namespace norboot::tools
