#include "smp/detail/base64.hpp"

#include <array>

namespace norboot::smp::detail {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> make_reverse() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = i;
  return t;
}
constexpr std::array<uint8_t, 256> kReverse = make_reverse();

}  // namespace

size_t base64_encode(std::span<const std::byte> in, std::span<char> out) {
  size_t o = 0;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t v = std::to_integer<uint32_t>(in[i]) << 16;
    size_t n = in.size() - i < 3 ? in.size() - i : 3;
    if (n > 1) v |= std::to_integer<uint32_t>(in[i + 1]) << 8;
    if (n > 2) v |= std::to_integer<uint32_t>(in[i + 2]);
    out[o++] = kAlphabet[(v >> 18) & 63];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = n > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = n > 2 ? kAlphabet[v & 63] : '=';
  }
  return o;
}

Base64Decoder::Step Base64Decoder::push(char c, std::span<std::byte, 3> out, size_t& produced) {
  produced = 0;
  if (padded_) return Step::kAfterPadding;
  if (c == '=') {
    // Padding may only fill the last one or two places of a group.
    if (n_ < 2) return Step::kBadChar;
    ++pad_;
    quad_[n_++] = 0;
  } else {
    uint8_t v = kReverse[static_cast<uint8_t>(c)];
    if (v == kInvalid || pad_ != 0) return Step::kBadChar;
    quad_[n_++] = v;
  }
  if (n_ < 4) return Step::kOk;
  uint32_t bits = (uint32_t{quad_[0]} << 18) | (uint32_t{quad_[1]} << 12) | (uint32_t{quad_[2]} << 6) | quad_[3];
  produced = 3 - pad_;
  out[0] = static_cast<std::byte>(bits >> 16);
  out[1] = static_cast<std::byte>(bits >> 8);
  out[2] = static_cast<std::byte>(bits);
  padded_ = pad_ != 0;
  n_ = 0;
  pad_ = 0;
  return Step::kOk;
}

}  // namespace norboot::smp::detail
