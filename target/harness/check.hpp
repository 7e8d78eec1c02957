#pragma once
// A minimal test harness shared by the Cortex-M runner (QEMU) and the host (GoogleTest wrapper):
// a test case is a plain function taking a Check, registered in a Suite; the NB_EXPECT* macros
// record failures with file, line and the values involved; NB_ASSERT* also leave the case.
// No heap, no iostreams, no exceptions: GoogleTest does not fit a 16 KiB-RAM-class target.
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "core/result.hpp"

namespace norboot::target {

/// Receives each failure as one finished line (the host wrapper turns it into ADD_FAILURE,
/// the target runner prints it over semihosting).
using FailureSink = void (*)(void* ctx, std::string_view line);

class Check {
 public:
  Check(FailureSink sink, void* ctx) : sink_(sink), ctx_(ctx) {}

  bool expect(bool cond, const char* file, int line, const char* expr);
  bool expect_eq_u64(uint64_t a, uint64_t b, const char* file, int line, const char* ea, const char* eb);
  bool expect_eq_i64(int64_t a, int64_t b, const char* file, int line, const char* ea, const char* eb);
  bool expect_eq_str(std::string_view a, std::string_view b, const char* file, int line, const char* ea,
                     const char* eb);
  bool expect_ok(const core::Error* error, const char* file, int line, const char* expr);
  bool expect_errc(const core::Error* error, core::Errc want, const char* file, int line, const char* expr);

  template <class A, class B>
  bool expect_eq(const A& a, const B& b, const char* file, int line, const char* ea, const char* eb) {
    if constexpr (std::is_convertible_v<A, std::string_view> && std::is_convertible_v<B, std::string_view>) {
      return expect_eq_str(a, b, file, line, ea, eb);
    } else if constexpr (std::is_enum_v<A>) {
      return expect_eq_u64(static_cast<uint64_t>(a), static_cast<uint64_t>(b), file, line, ea, eb);
    } else if constexpr (std::is_signed_v<A> || std::is_signed_v<B>) {
      return expect_eq_i64(static_cast<int64_t>(a), static_cast<int64_t>(b), file, line, ea, eb);
    } else {
      return expect_eq_u64(static_cast<uint64_t>(a), static_cast<uint64_t>(b), file, line, ea, eb);
    }
  }

  /// Free-form failure line (a loop that wants to say which iteration failed).
  void fail(std::string_view message, const char* file, int line);
  int failures() const { return failures_; }

 private:
  void report(std::span<const char> line);
  FailureSink sink_;
  void* ctx_;
  int failures_ = 0;
};

template <class R>
const core::Error* error_of(const R& r) {
  return r ? nullptr : &r.error();
}

struct Case {
  const char* suite;
  const char* name;  // reads as a sentence: Write_PastEnd_Refused
  void (*run)(Check&);
};

/// A file's cases; constructing one (a namespace-scope object) adds it to the global list.
class Suite {
 public:
  explicit Suite(std::span<const Case> cases);
  std::span<const Case> cases() const { return cases_; }
  const Suite* next() const { return next_; }
  static const Suite* first();

 private:
  std::span<const Case> cases_;
  const Suite* next_;
};

}  // namespace norboot::target

#define NB_EXPECT(c, cond) (c).expect(static_cast<bool>(cond), __FILE__, __LINE__, #cond)
#define NB_EXPECT_EQ(c, a, b) (c).expect_eq((a), (b), __FILE__, __LINE__, #a, #b)
#define NB_EXPECT_OK(c, expr) (c).expect_ok(::norboot::target::error_of(expr), __FILE__, __LINE__, #expr)
#define NB_EXPECT_ERRC(c, expr, errc) \
  (c).expect_errc(::norboot::target::error_of(expr), (errc), __FILE__, __LINE__, #expr)
#define NB_ASSERT(c, cond) \
  do {                     \
    if (!NB_EXPECT(c, cond)) return; \
  } while (0)
#define NB_ASSERT_EQ(c, a, b) \
  do {                        \
    if (!NB_EXPECT_EQ(c, a, b)) return; \
  } while (0)
#define NB_ASSERT_OK(c, expr) \
  do {                        \
    if (!NB_EXPECT_OK(c, expr)) return; \
  } while (0)
