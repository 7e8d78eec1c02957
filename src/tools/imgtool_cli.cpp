#include "tools/imgtool_cli.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <fmt/core.h>

#include "tools/output.hpp"

namespace norboot::tools::imgtool_cli {

namespace it = norboot::tools::imgtool;

std::unexpected<Failure> refused(std::string message) { return std::unexpected(Failure{std::move(message), kExitRefused}); }

int report(const Failure& f, bool json) { return report_message(f.message, json, f.code); }

std::string hex_string(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x}", std::to_integer<unsigned>(x));
  return s;
}

std::optional<std::string> ask_password(const char* prompt) {
  if (const char* env = std::getenv(kPasswordEnv)) return std::string(env);
  if (isatty(STDIN_FILENO) == 0) return std::nullopt;
  const char* p = getpass(prompt);
  if (p == nullptr) return std::nullopt;
  return std::string(p);
}

Got<it::KeyFile> load_key(const std::string& path) {
  auto k = it::load_key_file(path, std::nullopt);
  if (!k && k.error().message.find("password-protected") != std::string::npos) {
    if (auto pw = ask_password("Enter the password for the key: ")) {
      k = it::load_key_file(path, pw);
    } else {
      return refused(k.error().message + " (set " + kPasswordEnv + " or run on a terminal)");
    }
  }
  if (!k) return std::unexpected(Failure{k.error().message, k.error().kind == it::KeyError::kIo ? kExitIo : kExitRefused});
  return std::move(*k);
}

Got<it::LoadedFile> load_image_file(const std::string& path) {
  auto f = it::load_input(path);
  if (!f) return std::unexpected(Failure{f.error().message, f.error().io ? kExitIo : kExitRefused});
  return std::move(*f);
}

std::expected<void, Failure> write_file(const std::string& path, std::span<const std::byte> data) {
  auto w = it::write_atomic(path, data);
  if (!w) return std::unexpected(Failure{w.error().message, w.error().io ? kExitIo : kExitRefused});
  return {};
}

int emit(const std::string& out_path, const std::string& text) {
  if (out_path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  auto w = write_file(out_path, it::as_bytes(text));
  return w ? kExitOk : report(w.error(), false);
}

}  // namespace norboot::tools::imgtool_cli
