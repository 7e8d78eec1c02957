#pragma once
// Shared output conventions of ../shared/CLI.md: one-line errors on stderr
// ("error: <area> (<device> @0x…): <what>: expected …, found …"), `hint:` lines, and under --json
// {"error": {"code", "message", "device", "offset"}} on stdout.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace norboot::tools {

/// The error rendered as one line (no "error: " prefix).
std::string describe(const core::Error& e);
/// Hex string for addresses in --json ("0x0000c000").
std::string hex32(uint32_t v);
/// Exit status for an error: kIo/kTimeout/kPowerLost → 3, everything else → 1 (refused).
int exit_for(const core::Error& e);
/// Prints the error (stderr text, or the --json document on stdout) and returns exit_for(e).
int report_error(const core::Error& e, bool json, std::string_view hint = {});
/// Prints a message-only error (file unreadable, bad flag value) and returns `code`.
int report_message(std::string_view message, bool json, int code, std::string_view hint = {});
/// Prints one JSON document to stdout.
void print_json(const nlohmann::json& doc);

}  // namespace norboot::tools
