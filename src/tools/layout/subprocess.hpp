#pragma once
// Runs a helper program (cpp, dtc) and keeps what it said on stderr, so a tool's own message —
// with its file:line — reaches the user unchanged.
#include <string>
#include <vector>

namespace norboot::tools::layout {

struct ProcessResult {
  bool started = false;  // false: the program could not be run (not installed?)
  int exit_status = -1;  // exit code, or -1 when killed by a signal
  std::string stderr_text;
};

/// Runs argv[0] (looked up in PATH) with stdin and stdout on /dev/null; waits for it.
ProcessResult run_process(const std::vector<std::string>& argv);

}  // namespace norboot::tools::layout
