#pragma once
// Standard base64 (RFC 4648 alphabet, '=' padding) for the serial framing. Small and heap-free;
// the decoder is incremental so a frame's text can be decoded as it arrives, line by line.
#include <cstddef>
#include <cstdint>
#include <span>

namespace norboot::smp::detail {

/// Characters needed to encode n bytes.
constexpr size_t base64_size(size_t n) { return (n + 2) / 3 * 4; }

/// Encodes `in` into `out` (which must hold base64_size(in.size()) chars); returns chars written.
size_t base64_encode(std::span<const std::byte> in, std::span<char> out);

class Base64Decoder {
 public:
  enum class Step : uint8_t { kOk, kBadChar, kAfterPadding };

  /// Takes one character; completed bytes are written to out (0..3 of them, count in `produced`).
  Step push(char c, std::span<std::byte, 3> out, size_t& produced);
  /// True when no partial 4-character group is pending.
  bool at_group_boundary() const { return n_ == 0; }
  bool padded() const { return padded_; }
  void reset() { *this = Base64Decoder{}; }

 private:
  uint8_t quad_[4] = {};
  uint8_t n_ = 0;
  uint8_t pad_ = 0;
  bool padded_ = false;  // a group with '=' ended the data
};

}  // namespace norboot::smp::detail
