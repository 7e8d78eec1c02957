// The bare-metal test runner: runs every registered case, prints one line per case and each
// failure over semihosting, and ends with "N passed, M failed"; QEMU's exit status is the number
// of failed cases (capped at 63), so ctest sees the verdict without parsing text.
#include <array>

#include "core/text.hpp"
#include "harness/check.hpp"
#include "runtime/semihost.hpp"

namespace {

using norboot::target::semihost_write;

void print_failure(void*, std::string_view line) {
  semihost_write("    ");
  semihost_write(line);
  semihost_write("\n");
}

}  // namespace

int main() {
  int passed = 0, failed = 0;
  for (const auto* s = norboot::target::Suite::first(); s != nullptr; s = s->next()) {
    for (const auto& c : s->cases()) {
      norboot::target::Check check(print_failure, nullptr);
      c.run(check);
      const bool ok = check.failures() == 0;
      ok ? ++passed : ++failed;
      std::array<char, 160> buf;
      norboot::core::TextBuf t(buf);
      t.str(ok ? "[ OK ] " : "[FAIL] ").str(c.suite).ch('.').str(c.name).ch('\n');
      semihost_write(t.view());
    }
  }
  std::array<char, 64> buf;
  norboot::core::TextBuf t(buf);
  t.dec(static_cast<uint64_t>(passed)).str(" passed, ").dec(static_cast<uint64_t>(failed)).str(" failed\n");
  semihost_write(t.view());
  return failed > 63 ? 63 : failed;
}
