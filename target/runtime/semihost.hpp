#pragma once
// Arm semihosting, the debugger channel QEMU implements (-semihosting-config enable=on): text to
// the host's stderr and an exit status the host sees as QEMU's own exit code. Only meaningful
// under a debugger or QEMU; on a board without one, BKPT 0xAB halts the CPU.
#include <string_view>

namespace norboot::target {

/// Writes `text` to the host (QEMU: stderr), in chunks through a small NUL-terminated buffer.
void semihost_write(std::string_view text);

/// Ends the program: QEMU exits with `code` (SYS_EXIT_EXTENDED; plain SYS_EXIT only gives 0/1
/// on 32-bit Arm).
[[noreturn]] void semihost_exit(int code);

}  // namespace norboot::target
