#pragma once
// Self-registering subcommands. A command file defines
//   static tools::CommandRegistration reg{"sim", [](CLI::App& app) { ... }};
// and sets its exit code through tools::set_exit(). run_cli() owns parsing and exit-code mapping.
// CLI11 is declared here, not included: every file that includes CLI11 compiles its inline code
// again (about 5 s at -O3), so only the command files, which use it, include <CLI/CLI.hpp>.
#include <functional>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace norboot::tools {

using RegisterFn = std::function<void(CLI::App&)>;

struct CommandRegistration {
  CommandRegistration(std::string name, RegisterFn fn);
};

/// Runs every registration against the root app, in name order (stable --help output).
void register_all(CLI::App& app);

/// The whole `norboot` command line (main() is only this): builds the root app, registers every
/// command, parses argv and runs the chosen command. Returns its exit status; help and --version
/// return 0, a parse error prints CLI11's message and returns kExitUsage.
int run_cli(int argc, char** argv);

/// Exit status of the command that ran (CLI.md): 0 done, 1 refused, 2 usage, 3 I/O.
enum Exit : int { kExitOk = 0, kExitRefused = 1, kExitUsage = 2, kExitIo = 3 };
void set_exit(int code);
int exit_code();

/// Wraps a command body: its return value becomes the exit status; std::exception is reported as
/// an I/O failure (3) with its message, never a crash.
std::function<void()> run(std::function<int()> body);

}  // namespace norboot::tools
