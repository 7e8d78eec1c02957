#pragma once
// Self-registering subcommands. A command file defines
//   static tools::CommandRegistration reg{"sim", [](CLI::App& app) { ... }};
// and sets its exit code through tools::set_exit(). main() owns parsing and exit-code mapping.
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace norboot::tools {

using RegisterFn = std::function<void(CLI::App&)>;

struct CommandRegistration {
  CommandRegistration(std::string name, RegisterFn fn);
};

/// Runs every registration against the root app, in name order (stable --help output).
void register_all(CLI::App& app);

/// Exit status of the command that ran (CLI.md): 0 done, 1 refused, 2 usage, 3 I/O.
enum Exit : int { kExitOk = 0, kExitRefused = 1, kExitUsage = 2, kExitIo = 3 };
void set_exit(int code);
int exit_code();

/// Wraps a command body: its return value becomes the exit status; std::exception is reported as
/// an I/O failure (3) with its message, never a crash.
std::function<void()> run(std::function<int()> body);

}  // namespace norboot::tools
