#include "core/text.hpp"

#include "core/div.hpp"

namespace norboot::core {

void TextBuf::terminate() {
  if (!buf_.empty()) buf_[len_ < buf_.size() ? len_ : buf_.size() - 1] = '\0';
}

TextBuf& TextBuf::ch(char c) {
  // Keep one byte for the terminator.
  if (len_ + 1 < buf_.size()) {
    buf_[len_++] = c;
  } else if (!truncated_ && buf_.size() >= 2) {
    truncated_ = true;
    buf_[buf_.size() - 2] = '~';
  }
  terminate();
  return *this;
}

TextBuf& TextBuf::str(std::string_view s) {
  for (char c : s) ch(c);
  return *this;
}

TextBuf& TextBuf::dec(uint64_t v) {
  char tmp[20];
  int n = 0;
  do {
    const DivU64 qr = div_u64(v, 10);  // no libgcc 64-bit division on the MCU (core/div.hpp)
    tmp[n++] = static_cast<char>('0' + qr.rem);
    v = qr.quot;
  } while (v != 0);
  while (n > 0) ch(tmp[--n]);
  return *this;
}

TextBuf& TextBuf::sdec(int64_t v) {
  if (v < 0) {
    ch('-');
    return dec(static_cast<uint64_t>(-(v + 1)) + 1);
  }
  return dec(static_cast<uint64_t>(v));
}

TextBuf& TextBuf::hex(uint64_t v, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = kDigits[v & 0xF];
    v >>= 4;
  } while (v != 0);
  while (n < digits && n < 16) tmp[n++] = '0';
  str("0x");
  while (n > 0) ch(tmp[--n]);
  return *this;
}

TextBuf& TextBuf::hex_bytes(std::span<const std::byte> b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::byte x : b) {
    ch(kDigits[std::to_integer<uint8_t>(x) >> 4]);
    ch(kDigits[std::to_integer<uint8_t>(x) & 0xF]);
  }
  return *this;
}

}  // namespace norboot::core
