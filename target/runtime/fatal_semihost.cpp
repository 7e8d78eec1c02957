#include "runtime/fatal.hpp"
#include "runtime/semihost.hpp"

namespace norboot::target {

void fatal(const char* why) {
  semihost_write("FATAL: ");
  semihost_write(why);
  semihost_write("\n");
  semihost_exit(kFatalExitCode);
}

void exit_program(int code) { semihost_exit(code); }

}  // namespace norboot::target
