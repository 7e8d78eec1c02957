#include "tools/command.hpp"

#include <algorithm>
#include <cctype>
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

/// "norboot imgtool sign": the command line up to the deepest subcommand that was parsed.
std::string command_path(CLI::App& app, CLI::App*& deepest) {
  std::string path = "norboot";
  deepest = &app;
  for (auto subs = app.get_subcommands(); !subs.empty(); subs = deepest->get_subcommands()) {
    deepest = subs.front();
    path += " " + deepest->get_name();
  }
  return path;
}

/// CLI11 reports an unknown flag as "The following arguments were not expected: out.bin -E",
/// listing whatever it could not place. Name the unknown flag (or the stray arguments) and the
/// command instead; still a usage error (exit 2).
int report_extras(CLI::App& app, const CLI::ExtrasError& e) {
  CLI::App* deepest = nullptr;
  const std::string path = command_path(app, deepest);
  const std::vector<std::string> extras = app.remaining(true);
  for (const std::string& arg : extras) {
    if (arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1]))) {
      const std::string flag = arg.substr(0, arg.find('='));
      std::fprintf(stderr, "error: %s: unknown option %s\nhint: `%s --help` lists its options\n", path.c_str(), flag.c_str(), path.c_str());
      return kExitUsage;
    }
  }
  std::string list;
  for (const std::string& arg : extras) list += (list.empty() ? "" : " ") + arg;
  if (list.empty()) list = e.what();
  std::fprintf(stderr, "error: %s: unexpected argument%s: %s\nhint: `%s --help` shows what it takes\n", path.c_str(),
               extras.size() == 1 ? "" : "s", list.c_str(), path.c_str());
  return kExitUsage;
}

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
  } catch (const CLI::ExtrasError& e) {
    return report_extras(app, e);
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
