#include "harness/check.hpp"

#include <array>

#include "core/text.hpp"

namespace norboot::target {

namespace {

const Suite* g_first = nullptr;

core::TextBuf& where(core::TextBuf& t, const char* file, int line) {
  std::string_view f(file);
  const size_t slash = f.rfind('/');
  if (slash != std::string_view::npos) f.remove_prefix(slash + 1);
  return t.str(f).ch(':').sdec(line).str(": ");
}

}  // namespace

Suite::Suite(std::span<const Case> cases) : cases_(cases), next_(g_first) { g_first = this; }

const Suite* Suite::first() { return g_first; }

void Check::report(std::span<const char> line) {
  ++failures_;
  sink_(ctx_, std::string_view(line.data(), line.size()));
}

bool Check::expect(bool cond, const char* file, int line, const char* expr) {
  if (cond) return true;
  std::array<char, 256> buf;
  core::TextBuf t(buf);
  where(t, file, line).str("expected true: ").str(expr);
  report(t.view());
  return false;
}

bool Check::expect_eq_u64(uint64_t a, uint64_t b, const char* file, int line, const char* ea, const char* eb) {
  if (a == b) return true;
  std::array<char, 256> buf;
  core::TextBuf t(buf);
  where(t, file, line).str(ea).str(" == ").str(eb).str(": ").dec(a).str(" (").hex(a).str(") vs ").dec(b);
  t.str(" (").hex(b).ch(')');
  report(t.view());
  return false;
}

bool Check::expect_eq_i64(int64_t a, int64_t b, const char* file, int line, const char* ea, const char* eb) {
  if (a == b) return true;
  std::array<char, 256> buf;
  core::TextBuf t(buf);
  where(t, file, line).str(ea).str(" == ").str(eb).str(": ").sdec(a).str(" vs ").sdec(b);
  report(t.view());
  return false;
}

bool Check::expect_eq_str(std::string_view a, std::string_view b, const char* file, int line, const char* ea,
                          const char* eb) {
  if (a == b) return true;
  std::array<char, 384> buf;
  core::TextBuf t(buf);
  where(t, file, line).str(ea).str(" == ").str(eb).str(": \"").str(a).str("\" vs \"").str(b).ch('"');
  report(t.view());
  return false;
}

bool Check::expect_ok(const core::Error* error, const char* file, int line, const char* expr) {
  if (error == nullptr) return true;
  std::array<char, 200> err;
  core::format_error(*error, err);
  std::array<char, 384> buf;
  core::TextBuf t(buf);
  where(t, file, line).str(expr).str(" failed: ").str(core::errc_name(error->code)).str(": ").str(err.data());
  report(t.view());
  return false;
}

bool Check::expect_errc(const core::Error* error, core::Errc want, const char* file, int line, const char* expr) {
  if (error != nullptr && error->code == want) return true;
  std::array<char, 256> buf;
  core::TextBuf t(buf);
  where(t, file, line).str(expr).str(": expected error ").str(core::errc_name(want)).str(", got ");
  t.str(error == nullptr ? std::string_view("success") : core::errc_name(error->code));
  report(t.view());
  return false;
}

void Check::fail(std::string_view message, const char* file, int line) {
  std::array<char, 256> buf;
  core::TextBuf t(buf);
  where(t, file, line).str(message);
  report(t.view());
}

}  // namespace norboot::target
