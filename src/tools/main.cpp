// norboot: one binary for every tool. Exit codes follow ../shared/CLI.md.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "tools/command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"norboot: firmware updates for microcontrollers with external SPI NOR flash"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "norboot 0.1.0");
  norboot::tools::register_all(app);
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
    return norboot::tools::kExitUsage;
  }
  return norboot::tools::exit_code();
}
