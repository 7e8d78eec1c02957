#pragma once
// What the `norboot imgtool` command files share (cmd_imgtool.cpp: keys, verify, dumpinfo and the
// registration; cmd_imgtool_sign.cpp: sign): failures carrying their exit code, key and file
// loading with CLI.md's exit codes (3 unreadable, 1 invalid), and stdout-or-file output.
#include <cstddef>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tools/command.hpp"
#include "tools/imgtool/image_file.hpp"
#include "tools/imgtool/key_file.hpp"

namespace norboot::tools::imgtool_cli {

inline constexpr const char* kPasswordEnv = "NORBOOT_KEY_PASSWORD";

/// An error with its exit code, carried up to the command body.
struct Failure {
  std::string message;
  int code = kExitRefused;
};
template <typename T>
using Got = std::expected<T, Failure>;

std::unexpected<Failure> refused(std::string message);
int report(const Failure& f, bool json);
std::string hex_string(std::span<const std::byte> b);

/// The password for a protected key: NORBOOT_KEY_PASSWORD, else a prompt when stdin is a terminal
/// (imgtool prompts); nullopt when neither is available.
std::optional<std::string> ask_password(const char* prompt);

/// A private or public PEM key; asks for the password of a protected one.
Got<imgtool::KeyFile> load_key(const std::string& path);
Got<imgtool::LoadedFile> load_image_file(const std::string& path);
std::expected<void, Failure> write_file(const std::string& path, std::span<const std::byte> data);

/// Prints to stdout, or writes the file when `out_path` names one.
int emit(const std::string& out_path, const std::string& text);

/// Registers `imgtool sign` (cmd_imgtool_sign.cpp).
void add_sign(CLI::App& tool);

}  // namespace norboot::tools::imgtool_cli
