// norboot: one binary for every tool. Exit codes follow ../shared/CLI.md. The command line itself is
// tools::run_cli (command.cpp), so this file does not compile CLI11 once more.
#include "tools/command.hpp"

int main(int argc, char** argv) { return norboot::tools::run_cli(argc, argv); }
