#include "tools/command.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <CLI/CLI.hpp>

namespace norboot::tools {
namespace {

std::vector<std::pair<std::string, RegisterFn>>& registry() {
  static std::vector<std::pair<std::string, RegisterFn>> r;
  return r;
}
int g_exit = 0;

}  // namespace

CommandRegistration::CommandRegistration(std::string name, RegisterFn fn) {
  registry().emplace_back(std::move(name), std::move(fn));
}

void register_all(CLI::App& app) {
  auto& r = registry();
  std::stable_sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [name, fn] : r) fn(app);
}

int run_cli(int argc, char** argv) {
  CLI::App app{"norboot: firmware updates for microcontrollers with external SPI NOR flash"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "norboot 0.1.0");
  register_all(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints CLI11's own message
    return kExitUsage;
  }
  return exit_code();
}

void set_exit(int code) { g_exit = code; }
int exit_code() { return g_exit; }

std::function<void()> run(std::function<int()> body) {
  return [body = std::move(body)] {
    try {
      set_exit(body());
    } catch (const CLI::Error&) {
      throw;  // parse-time errors belong to main()
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      set_exit(kExitIo);
    }
  };
}

}  // namespace norboot::tools
