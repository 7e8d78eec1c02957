#pragma once
// TextBuf: a fixed-capacity line builder for device-side logs and error strings. No heap, no
// iostreams, no printf; text that does not fit is cut and the cut is marked with "…".
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace norboot::core {

class TextBuf {
 public:
  explicit TextBuf(std::span<char> storage) : buf_(storage) { terminate(); }

  TextBuf& str(std::string_view s);
  TextBuf& dec(uint64_t v);
  TextBuf& sdec(int64_t v);
  /// Hex with "0x" and at least `digits` digits (zero padded).
  TextBuf& hex(uint64_t v, int digits = 1);
  /// Bytes as lowercase hex without separators (hashes).
  TextBuf& hex_bytes(std::span<const std::byte> b);
  TextBuf& ch(char c);

  std::string_view view() const { return {buf_.data(), len_}; }
  size_t size() const { return len_; }
  bool truncated() const { return truncated_; }
  void clear() {
    len_ = 0;
    truncated_ = false;
    terminate();
  }

 private:
  void terminate();
  std::span<char> buf_;
  size_t len_ = 0;
  bool truncated_ = false;
};

}  // namespace norboot::core
