#include "tools/command.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

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
