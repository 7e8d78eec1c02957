#pragma once
// SFDP test fixtures: the real MX25R6435F basic table (reference/spi-nor.md §2.6, as published in
// the nRF52840-DK devicetree) and a builder that wraps basic/4-byte tables into a whole SFDP space.
#include <array>
#include <cstdint>
#include <cstddef>
#include <vector>

namespace norboot::testing {

/// 16 DWORDs, nRF52840-DK / Thingy:53 copy.
inline constexpr std::array<uint8_t, 64> kMx25r6435fBfp = {
    0xe5, 0x20, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x03, 0x44, 0xeb, 0x08, 0x6b, 0x08, 0x3b, 0x04, 0xbb,
    0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff, 0xff, 0x00, 0xff, 0x0c, 0x20, 0x0f, 0x52,
    0x10, 0xd8, 0x00, 0xff, 0x23, 0x72, 0xf5, 0x00, 0x82, 0xed, 0x04, 0xcc, 0x44, 0x83, 0x68, 0x44,
    0x30, 0xb0, 0x30, 0xb0, 0xf7, 0xc4, 0xd5, 0x5c, 0x00, 0xbe, 0x29, 0xff, 0xf0, 0xd0, 0xff, 0xff};

inline std::vector<std::byte> bytes(const uint8_t* p, size_t n) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = std::byte{p[i]};
  return v;
}

inline std::vector<std::byte> mx25r6435f_bfp() { return bytes(kMx25r6435fBfp.data(), kMx25r6435fBfp.size()); }

inline uint32_t get_dw(const std::vector<std::byte>& t, int number) {
  const size_t at = (number - 1) * 4;
  return std::to_integer<uint32_t>(t[at]) | (std::to_integer<uint32_t>(t[at + 1]) << 8) |
         (std::to_integer<uint32_t>(t[at + 2]) << 16) | (std::to_integer<uint32_t>(t[at + 3]) << 24);
}
inline void set_dw(std::vector<std::byte>& t, int number, uint32_t v) {
  const size_t at = (number - 1) * 4;
  for (int i = 0; i < 4; ++i) t[at + i] = std::byte(static_cast<uint8_t>(v >> (8 * i)));
}

/// The same table for a part of `bytes_total` (a power of two): only DW2 changes.
inline std::vector<std::byte> mx25r_bfp_with_size(uint32_t bytes_total) {
  auto t = mx25r6435f_bfp();
  set_dw(t, 2, static_cast<uint32_t>(uint64_t{bytes_total} * 8 - 1));
  return t;
}

/// A whole SFDP space: header, the basic table's parameter header (length = table size / 4 unless
/// `basic_len_dw` says otherwise), optionally a 0xFF84 header, then the tables.
inline std::vector<std::byte> sfdp_image(const std::vector<std::byte>& basic, int basic_len_dw = -1,
                                         const std::vector<std::byte>& four_byte = {}) {
  const size_t headers = four_byte.empty() ? 1 : 2;
  const size_t basic_at = 8 + 8 * headers;
  const size_t four_at = basic_at + basic.size();
  std::vector<std::byte> img(four_at + four_byte.size(), std::byte{0xFF});
  const uint8_t head[8] = {'S', 'F', 'D', 'P', 0x06, 0x01, static_cast<uint8_t>(headers - 1), 0xFF};
  for (int i = 0; i < 8; ++i) img[i] = std::byte{head[i]};
  const uint8_t len = static_cast<uint8_t>(basic_len_dw >= 0 ? basic_len_dw : static_cast<int>(basic.size() / 4));
  const uint8_t ph0[8] = {0x00, 0x06, 0x01, len, static_cast<uint8_t>(basic_at), 0, 0, 0xFF};
  for (int i = 0; i < 8; ++i) img[8 + i] = std::byte{ph0[i]};
  if (!four_byte.empty()) {
    const uint8_t ph1[8] = {0x84, 0x00, 0x01, static_cast<uint8_t>(four_byte.size() / 4), static_cast<uint8_t>(four_at), 0, 0, 0xFF};
    for (int i = 0; i < 8; ++i) img[16 + i] = std::byte{ph1[i]};
  }
  for (size_t i = 0; i < basic.size(); ++i) img[basic_at + i] = basic[i];
  for (size_t i = 0; i < four_byte.size(); ++i) img[four_at + i] = four_byte[i];
  return img;
}

}  // namespace norboot::testing
