#pragma once
// How a bare-metal program ends. Two implementations, one per kind of program:
//   fatal_semihost.cpp  test runners and benches under QEMU: text on stderr, QEMU's exit status;
//   fatal_reset.cpp     the product-like boot binary: a system reset (no debugger attached).
namespace norboot::target {

/// Exit status of a program killed by fatal() (a fault, abort(), a stray delete).
inline constexpr int kFatalExitCode = 70;

[[noreturn]] void fatal(const char* why);
[[noreturn]] void exit_program(int code);

}  // namespace norboot::target
